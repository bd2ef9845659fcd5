package warren.contracts.store;

import java.time.Instant;

/**
 * Event {@code user.unfollowed}: a follow was removed (not published when there was none).
 *
 * @param followerId the follower's user id, as auth issued it ({@code User.id})
 * @param followeeId the unfollowed user's id, as auth issued it
 * @param unfollowedAt when the web accepted the unfollow ({@link Unfollow#issuedAt()}); see {@link
 *     UserFollowed#followedAt()}. Null from publishers older than this field.
 */
public record UserUnfollowed(
    String followerId,
    String followerName,
    String followeeId,
    String followeeName,
    Instant unfollowedAt) {

  /** Without a time, as before {@code unfollowedAt} existed. */
  public UserUnfollowed(
      String followerId, String followerName, String followeeId, String followeeName) {
    this(followerId, followerName, followeeId, followeeName, null);
  }
}
