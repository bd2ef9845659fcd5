package warren.contracts.store;

import java.time.Instant;

/**
 * Event {@code user.followed}: a follow was recorded (not published when it already existed).
 *
 * @param followerId the follower's user id, as auth issued it ({@code User.id})
 * @param followeeId the followed user's id, as auth issued it
 * @param issuedAt when the web accepted the follow ({@link Follow#issuedAt()}); subscribers order a
 *     pair's follows and unfollows by it, since events may arrive out of order. Null from
 *     publishers older than this field.
 */
public record UserFollowed(
    String followerId,
    String followerName,
    String followeeId,
    String followeeName,
    Instant followedAt) {

  /** Without a time, as before {@code followedAt} existed. */
  public UserFollowed(
      String followerId, String followerName, String followeeId, String followeeName) {
    this(followerId, followerName, followeeId, followeeName, null);
  }
}
