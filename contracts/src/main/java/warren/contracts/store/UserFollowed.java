package warren.contracts.store;

/** Event {@code user.followed}: a follow was recorded (not published when it already existed). */
public record UserFollowed(
    String followerId, String followerName, String followeeId, String followeeName) {}
