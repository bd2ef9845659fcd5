package warren.store.post;

import java.util.List;
import java.util.Optional;
import warren.contracts.store.Post;
import warren.contracts.store.PostPage;
import warren.contracts.store.StoreApi;
import warren.messaging.ServiceError;

/**
 * Which page of posts a query wants: at most {@code limit} posts older than {@code before}.
 *
 * @param limit 1 to {@value StoreApi#MAX_PAGE_LIMIT}
 * @param before the position to continue after, or empty for the newest posts
 */
public record PageRequest(int limit, Optional<PostCursor> before) {
  public PageRequest {
    if (limit < 1 || limit > StoreApi.MAX_PAGE_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + StoreApi.MAX_PAGE_LIMIT + ", was " + limit);
    }
  }

  /**
   * The page a query asked for, as it arrived.
   *
   * @param limit null for {@value StoreApi#DEFAULT_PAGE_LIMIT}
   * @param before null or blank for the newest posts, else a cursor from {@link PostPage#next()}
   * @throws ServiceError {@link StoreApi#INVALID_LIMIT} or {@link StoreApi#INVALID_CURSOR}
   */
  public static PageRequest of(Integer limit, String before) {
    int size = limit == null ? StoreApi.DEFAULT_PAGE_LIMIT : limit;
    if (size < 1 || size > StoreApi.MAX_PAGE_LIMIT) {
      throw new ServiceError(
          StoreApi.INVALID_LIMIT,
          "limit must be between 1 and " + StoreApi.MAX_PAGE_LIMIT + ", was " + size + ".");
    }
    if (before == null || before.isBlank()) {
      return new PageRequest(size, Optional.empty());
    }
    try {
      return new PageRequest(size, Optional.of(PostCursor.decode(before.trim())));
    } catch (IllegalArgumentException e) {
      throw new ServiceError(
          StoreApi.INVALID_CURSOR,
          "before must be the 'next' value of an earlier page, unchanged ("
              + e.getMessage()
              + ").");
    }
  }

  /** How many rows to read: one more than the page, to learn whether another page follows. */
  public int rowsToFetch() {
    return limit + 1;
  }

  /**
   * The page made from rows read newest first with {@link #rowsToFetch()} as the limit: the first
   * {@code limit} rows, and a cursor after the last of them when more rows were found.
   */
  public PostPage toPage(List<Post> rows) {
    if (rows.size() <= limit) {
      return new PostPage(rows, null);
    }
    List<Post> page = rows.subList(0, limit);
    return new PostPage(page, cursorAfter(page.get(page.size() - 1)));
  }

  /** The encoded cursor that continues after {@code post}. */
  public static String cursorAfter(Post post) {
    return new PostCursor(post.createdAt(), post.id()).encode();
  }
}
