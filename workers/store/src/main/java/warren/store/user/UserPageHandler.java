package warren.store.user;

import java.sql.SQLException;
import java.util.Objects;
import warren.contracts.store.UserCounts;
import warren.contracts.store.UserPage;
import warren.messaging.MessageContext;
import warren.messaging.RpcHandler;
import warren.messaging.ServiceError;
import warren.store.Transactions;
import warren.store.follow.FollowRepository;
import warren.store.post.PostRepository;

/**
 * Serves {@code store.user-page}: a user's follower, following and post counts.
 *
 * <p>Thread-safe.
 */
public final class UserPageHandler implements RpcHandler<UserPage, UserCounts> {
  private final Transactions transactions;
  private final UserRepository users = new UserRepository();
  private final FollowRepository follows = new FollowRepository();
  private final PostRepository posts = new PostRepository();

  public UserPageHandler(Transactions transactions) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
  }

  /**
   * @throws ServiceError {@code not_found} for an unknown username
   */
  @Override
  public UserCounts handle(UserPage request, MessageContext context) throws SQLException {
    return transactions.read(
        connection -> {
          String id = users.requireIdOf(connection, request.username());
          return new UserCounts(
              request.username(),
              follows.countFollowers(connection, id),
              follows.countFollowing(connection, id),
              posts.countByAuthor(connection, id));
        });
  }
}
