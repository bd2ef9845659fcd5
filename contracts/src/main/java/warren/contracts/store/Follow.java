package warren.contracts.store;

import java.time.Instant;

/**
 * Command: the follower starts following the user named {@code followeeName}. Following someone
 * already followed changes nothing. Fails with {@link StoreApi#INVALID_FOLLOW} for oneself and,
 * when {@code followeeId} is absent, {@link StoreApi#NOT_FOUND} for a username the store does not
 * know.
 *
 * @param followerId the follower's user id, as issued by auth
 * @param followerName the follower's username; the store records it on first sight
 * @param followeeId the followee's user id, as auth answered it ({@code auth.find-user}); the store
 *     records the followee on first sight, so the follow holds even before the store heard of their
 *     sign-up. Null in commands sent before this field existed (still queued or replayed from a
 *     dead-letter queue): the store then looks the followee up by name.
 * @param followeeName the username to follow
 * @param issuedAt when the web accepted the request
 */
public record Follow(
    String followerId,
    String followerName,
    String followeeId,
    String followeeName,
    Instant issuedAt) {

  /** Without the followee's id, as before {@code followeeId} existed. */
  public Follow(String followerId, String followerName, String followeeName, Instant issuedAt) {
    this(followerId, followerName, null, followeeName, issuedAt);
  }
}
