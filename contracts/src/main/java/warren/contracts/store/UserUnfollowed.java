package warren.contracts.store;

/** Event {@code user.unfollowed}: a follow was removed (not published when there was none). */
public record UserUnfollowed(
    String followerId, String followerName, String followeeId, String followeeName) {}
