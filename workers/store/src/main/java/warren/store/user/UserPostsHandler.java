package warren.store.user;

import java.sql.SQLException;
import java.util.Objects;
import warren.contracts.store.PostPage;
import warren.contracts.store.UserPosts;
import warren.messaging.MessageContext;
import warren.messaging.RpcHandler;
import warren.messaging.ServiceError;
import warren.store.Transactions;
import warren.store.post.PageRequest;
import warren.store.post.PostRepository;

/**
 * Serves {@code store.user-posts}: a page of one user's posts, newest first.
 *
 * <p>Thread-safe.
 */
public final class UserPostsHandler implements RpcHandler<UserPosts, PostPage> {
  private final Transactions transactions;
  private final UserRepository users = new UserRepository();
  private final PostRepository posts = new PostRepository();

  public UserPostsHandler(Transactions transactions) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
  }

  /**
   * @throws ServiceError {@code not_found} for an unknown username, {@code invalid_limit} or {@code
   *     invalid_cursor} for a bad page
   */
  @Override
  public PostPage handle(UserPosts request, MessageContext context) throws SQLException {
    PageRequest page = PageRequest.of(request.limit(), request.before());
    return transactions.read(
        connection -> {
          String id = users.requireIdOf(connection, request.username());
          return page.toPage(posts.byAuthor(connection, id, page));
        });
  }
}
