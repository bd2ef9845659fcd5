package warren.notify.follow;

import java.time.Instant;

/**
 * How notify reads both {@code user.followed} and {@code user.unfollowed} from its one queue {@code
 * notify.follows}: the union of {@link warren.contracts.store.UserFollowed} and {@link
 * warren.contracts.store.UserUnfollowed}, told apart by which time is set. One queue keeps a pair's
 * changes in publishing order as far as the broker can; the times settle the rest.
 */
public record FollowChange(
    String followerId,
    String followerName,
    String followeeId,
    String followeeName,
    Instant followedAt,
    Instant unfollowedAt) {

  /**
   * @throws IllegalArgumentException when neither or both times are set: not an event notify can
   *     place in time (it is retried, then dead-lettered for an operator)
   */
  public FollowChange {
    if ((followedAt == null) == (unfollowedAt == null)) {
      throw new IllegalArgumentException(
          "a follow change needs exactly one of followedAt and unfollowedAt, got "
              + followedAt
              + " and "
              + unfollowedAt
              + " for "
              + followerId
              + " -> "
              + followeeId);
    }
  }

  public boolean following() {
    return followedAt != null;
  }

  public Instant at() {
    return following() ? followedAt : unfollowedAt;
  }
}
