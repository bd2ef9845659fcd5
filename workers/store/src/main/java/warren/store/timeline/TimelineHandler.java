package warren.store.timeline;

import java.sql.SQLException;
import java.util.Objects;
import warren.contracts.store.PostPage;
import warren.contracts.store.Timeline;
import warren.messaging.MessageContext;
import warren.messaging.RpcHandler;
import warren.messaging.ServiceError;
import warren.store.Transactions;
import warren.store.post.PageRequest;
import warren.store.post.PostRepository;

/**
 * Serves {@code store.timeline}: a page of the user's own posts and those of everyone they follow,
 * newest first. A user the store has not seen yet has an empty timeline.
 *
 * <p>Thread-safe.
 */
public final class TimelineHandler implements RpcHandler<Timeline, PostPage> {
  private final Transactions transactions;
  private final PostRepository posts = new PostRepository();

  public TimelineHandler(Transactions transactions) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
  }

  /**
   * @throws ServiceError {@code invalid_limit} or {@code invalid_cursor} for a bad page
   */
  @Override
  public PostPage handle(Timeline request, MessageContext context) throws SQLException {
    PageRequest page = PageRequest.of(request.limit(), request.before());
    return transactions.read(
        connection -> page.toPage(posts.timeline(connection, request.userId(), page)));
  }
}
