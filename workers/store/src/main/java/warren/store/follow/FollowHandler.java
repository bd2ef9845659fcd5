package warren.store.follow;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import warren.contracts.store.Follow;
import warren.contracts.store.StoreApi;
import warren.contracts.store.StoreEvents;
import warren.contracts.store.UserFollowed;
import warren.messaging.CommandHandler;
import warren.messaging.MessageContext;
import warren.messaging.ServiceError;
import warren.store.CommandOutcome;
import warren.store.EventPublisher;
import warren.store.Transactions;
import warren.store.user.UserRepository;

/**
 * Consumes {@code store.follow}: records the follow (once per pair) and after commit publishes
 * {@code user.followed} when it is new. A follow issued before an unfollow of the pair that was
 * already applied changes nothing ({@link FollowRepository#latestChange}). Records the follower
 * and, when the command carries the followee's id, the followee too, so a follow of a user who
 * signed up a moment ago does not depend on the store having heard of the sign-up.
 *
 * <p>Thread-safe: one instance serves all consumer threads.
 */
public final class FollowHandler implements CommandHandler<Follow> {
  private final Transactions transactions;
  private final EventPublisher events;
  private final UserRepository users = new UserRepository();
  private final FollowRepository follows = new FollowRepository();

  public FollowHandler(Transactions transactions, EventPublisher events) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.events = Objects.requireNonNull(events, "events");
  }

  /**
   * Applies the command in its own transaction, then publishes.
   *
   * @throws ServiceError {@code invalid_follow} for oneself; {@code not_found} for a followee named
   *     only (no id, an older command) whom the store does not know
   */
  @Override
  public void handle(Follow command, MessageContext context) throws SQLException {
    transactions
        .inTransaction(connection -> apply(command, connection))
        .publishAfterCommit(events, context);
  }

  /** Applies the command in the caller's transaction; the caller publishes after commit. */
  public CommandOutcome<UserFollowed> apply(Follow command, Connection connection)
      throws SQLException {
    String followeeId = command.followeeId();
    if (followeeId == null) {
      // Sent before commands carried the id: only the store's own copy can resolve the name.
      users.upsert(connection, command.followerId(), command.followerName());
      followeeId = users.requireIdOf(connection, command.followeeName());
    } else if (!followeeId.equals(command.followerId())) {
      // Auth vouched for the followee, whose user.signed-up may not have reached the store yet:
      // record them now, like the follower; that event, when it comes, finds them and does nothing.
      recordInIdOrder(
          connection,
          command.followerId(),
          command.followerName(),
          followeeId,
          command.followeeName());
    }
    if (followeeId.equals(command.followerId())) {
      throw new ServiceError(StoreApi.INVALID_FOLLOW, "You cannot follow yourself.");
    }
    // An unfollow issued after this follow may have been handled first; then this one is late.
    boolean created =
        follows.latestChange(connection, command.followerId(), followeeId, command.issuedAt())
            && follows.follow(connection, command.followerId(), followeeId, command.issuedAt());
    return new CommandOutcome<>(
        StoreEvents.USER_FOLLOWED,
        new UserFollowed(
            command.followerId(),
            command.followerName(),
            followeeId,
            command.followeeName(),
            command.issuedAt()),
        created);
  }

  // In id order, so that two new users following each other at once cannot each hold one row and
  // wait for the other's (a deadlock that PostgreSQL would break by failing one of the two).
  private void recordInIdOrder(
      Connection connection, String id, String name, String otherId, String otherName)
      throws SQLException {
    if (id.compareTo(otherId) > 0) {
      recordInIdOrder(connection, otherId, otherName, id, name);
      return;
    }
    users.upsert(connection, id, name);
    users.upsert(connection, otherId, otherName);
  }
}
