package warren.store.search;

import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import warren.contracts.store.Post;
import warren.contracts.store.PostPage;
import warren.contracts.store.Search;
import warren.contracts.store.StoreApi;
import warren.messaging.MessageContext;
import warren.messaging.ServiceError;
import warren.messaging.StreamHandler.ReplySink;
import warren.store.Transactions;
import warren.store.post.PageRequest;
import warren.store.post.PostRepository;

/**
 * Serves search, as one reply ({@code store.search-page}, {@link #handle}) or as a stream of chunks
 * ({@code store.search}, {@link #stream}): posts containing all the words, newest first, using
 * PostgreSQL full-text search with the {@code simple} configuration (case-insensitive, whole words,
 * no stemming).
 *
 * <pre>
 *   warren.serve(StoreApi.SEARCH_PAGE, search::handle);
 *   warren.serveStream(StoreApi.SEARCH, search::stream);
 * </pre>
 *
 * <p>Thread-safe.
 */
public final class SearchHandler {
  private final Transactions transactions;
  private final PostRepository posts = new PostRepository();

  public SearchHandler(Transactions transactions) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
  }

  /**
   * One page of results.
   *
   * @throws ServiceError {@code invalid_query} for a blank query, {@code invalid_limit} or {@code
   *     invalid_cursor} for a bad page
   */
  public PostPage handle(Search request, MessageContext context) throws SQLException {
    String query = requireQuery(request.query());
    PageRequest page = PageRequest.of(request.limit(), request.before());
    return transactions.read(connection -> page.toPage(posts.search(connection, query, page)));
  }

  /**
   * The same page as {@link #handle}, emitted in chunks of at most {@value
   * StoreApi#SEARCH_CHUNK_SIZE} posts. Each chunk's {@code next} continues after its own last post;
   * the last chunk's is the page's. Nothing is emitted when nothing matches. Stops early when the
   * caller cancels.
   */
  public void stream(Search request, ReplySink<PostPage> replies, MessageContext context)
      throws SQLException {
    PostPage page = handle(request, context);
    List<Post> found = page.posts();
    for (int from = 0; from < found.size() && !replies.cancelled(); ) {
      int to = Math.min(from + StoreApi.SEARCH_CHUNK_SIZE, found.size());
      List<Post> chunk = found.subList(from, to);
      String next =
          to < found.size() ? PageRequest.cursorAfter(chunk.get(chunk.size() - 1)) : page.next();
      replies.emit(new PostPage(chunk, next));
      from = to;
    }
  }

  private static String requireQuery(String query) {
    if (query == null || query.isBlank()) {
      throw new ServiceError(StoreApi.INVALID_QUERY, "Say what to search for: q is empty.");
    }
    if (query.indexOf('\0') >= 0) {
      // PostgreSQL refuses NUL in text: a query with one would fail inside, not match nothing.
      throw new ServiceError(StoreApi.INVALID_QUERY, "q cannot contain the NUL character.");
    }
    return query.strip();
  }
}
