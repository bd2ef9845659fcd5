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
 * {@code user.followed} when it is new.
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
   * @throws ServiceError {@code not_found} for an unknown followee, {@code invalid_follow} for
   *     oneself
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
    users.upsert(connection, command.followerId(), command.followerName());
    String followeeId = users.requireIdOf(connection, command.followeeName());
    if (followeeId.equals(command.followerId())) {
      throw new ServiceError(StoreApi.INVALID_FOLLOW, "You cannot follow yourself.");
    }
    boolean created =
        follows.follow(connection, command.followerId(), followeeId, command.issuedAt());
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
}
