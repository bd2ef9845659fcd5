package warren.messaging.ops;

/**
 * A dead-letter queue and how many messages it holds: the row of {@code GET
 * /api/v1/ops/dead-letters}.
 *
 * @param queue the dead-letter queue's name ({@code <queue>.dlq})
 * @param count messages in it (ready and unacknowledged), counted over AMQP at the time of asking
 */
public record DeadLetterQueue(String queue, long count) {}
