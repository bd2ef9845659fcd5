package warren.contracts.store;

import java.time.Instant;

/**
 * Command: the follower stops following the user named {@code followeeName}. Unfollowing someone
 * not followed changes nothing. When {@code followeeId} is absent, fails with {@link
 * StoreApi#NOT_FOUND} for a username the store does not know.
 *
 * @param followerId the follower's user id, as issued by auth
 * @param followerName the follower's username; the store records it on first sight
 * @param followeeId the followee's user id, as auth answered it ({@code auth.find-user}). Null in
 *     commands sent before this field existed: the store then looks the followee up by name.
 * @param followeeName the username to unfollow
 * @param issuedAt when the web accepted the request
 */
public record Unfollow(
    String followerId,
    String followerName,
    String followeeId,
    String followeeName,
    Instant issuedAt) {

  /** Without the followee's id, as before {@code followeeId} existed. */
  public Unfollow(String followerId, String followerName, String followeeName, Instant issuedAt) {
    this(followerId, followerName, null, followeeName, issuedAt);
  }
}
