package warren.messaging.ops;

/**
 * What a discard did: the body of {@code POST /api/v1/ops/dead-letters/{queue}/discard}.
 *
 * @param discarded messages removed from the dead-letter queue for good
 */
public record DiscardResult(int discarded) {}
