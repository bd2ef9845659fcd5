package warren.contracts.store;

import java.time.Instant;

/**
 * Command: the follower starts following the user named {@code followeeName}. Following someone
 * already followed changes nothing. Fails with {@link StoreApi#INVALID_FOLLOW} for oneself and
 * {@link StoreApi#NOT_FOUND} for an unknown username.
 *
 * @param followerId the follower's user id, as issued by auth
 * @param followerName the follower's username; the store records it on first sight
 * @param followeeName the username to follow
 * @param issuedAt when the web accepted the request
 */
public record Follow(
    String followerId, String followerName, String followeeName, Instant issuedAt) {}
