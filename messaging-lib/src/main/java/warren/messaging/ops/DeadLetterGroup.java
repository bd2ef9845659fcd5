package warren.messaging.ops;

/**
 * Dead letters that failed the same way at the same endpoint: the row of {@code GET
 * /api/v1/ops/dead-letters/{queue}/groups}. Pass {@link #group()} to {@link Selection#group} to
 * replay or discard them together.
 *
 * @param group the group's key, {@code <errorClass>@<endpoint>}
 * @param errorClass the exception class, or the reason when the broker dead-lettered them
 * @param endpoint the original routing key (the command queue, or the event's key)
 * @param count how many dead letters are in the group
 * @param firstSeen the earliest first-dead time in the group (ISO-8601), or null if none is known
 * @param lastSeen the latest first-dead time in the group (ISO-8601), or null if none is known
 */
public record DeadLetterGroup(
    String group,
    String errorClass,
    String endpoint,
    int count,
    String firstSeen,
    String lastSeen) {}
