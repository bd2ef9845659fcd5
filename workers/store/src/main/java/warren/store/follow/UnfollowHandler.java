package warren.store.follow;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import warren.contracts.store.StoreEvents;
import warren.contracts.store.Unfollow;
import warren.contracts.store.UserUnfollowed;
import warren.messaging.CommandHandler;
import warren.messaging.MessageContext;
import warren.messaging.ServiceError;
import warren.store.CommandOutcome;
import warren.store.EventPublisher;
import warren.store.Transactions;
import warren.store.user.UserRepository;

/**
 * Consumes {@code store.unfollow}: removes the follow if there is one and after commit publishes
 * {@code user.unfollowed} when one was removed. Unfollowing someone not followed is a no-op, and so
 * is an unfollow issued before a follow of the pair that was already applied.
 *
 * <p>Thread-safe: one instance serves all consumer threads.
 */
public final class UnfollowHandler implements CommandHandler<Unfollow> {
  private final Transactions transactions;
  private final EventPublisher events;
  private final UserRepository users = new UserRepository();
  private final FollowRepository follows = new FollowRepository();

  public UnfollowHandler(Transactions transactions, EventPublisher events) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.events = Objects.requireNonNull(events, "events");
  }

  /**
   * Applies the command in its own transaction, then publishes.
   *
   * @throws ServiceError {@code not_found} for a followee named only (no id, an older command) whom
   *     the store does not know
   */
  @Override
  public void handle(Unfollow command, MessageContext context) throws SQLException {
    transactions
        .inTransaction(connection -> apply(command, connection))
        .publishAfterCommit(events, context);
  }

  /** Applies the command in the caller's transaction; the caller publishes after commit. */
  public CommandOutcome<UserUnfollowed> apply(Unfollow command, Connection connection)
      throws SQLException {
    users.upsert(connection, command.followerId(), command.followerName());
    String followeeId =
        command.followeeId() == null
            // Sent before commands carried the id: only the store's own copy can resolve the name.
            ? users.requireIdOf(connection, command.followeeName())
            : command.followeeId();
    // A follow issued after this unfollow may have been handled first; then this one is late.
    boolean removed =
        follows.latestChange(connection, command.followerId(), followeeId, command.issuedAt())
            && follows.unfollow(connection, command.followerId(), followeeId);
    return new CommandOutcome<>(
        StoreEvents.USER_UNFOLLOWED,
        new UserUnfollowed(
            command.followerId(),
            command.followerName(),
            followeeId,
            command.followeeName(),
            command.issuedAt()),
        removed);
  }
}
