package warren.contracts.store;

import java.time.Instant;

/**
 * Command: the follower stops following the user named {@code followeeName}. Unfollowing someone
 * not followed changes nothing. Fails with {@link StoreApi#NOT_FOUND} for an unknown username.
 *
 * @param followerId the follower's user id, as issued by auth
 * @param followerName the follower's username; the store records it on first sight
 * @param followeeName the username to unfollow
 * @param issuedAt when the web accepted the request
 */
public record Unfollow(
    String followerId, String followerName, String followeeName, Instant issuedAt) {}
