package warren.contracts.store;

/**
 * Query: a page of the user's own posts and the posts of everyone they follow, newest first.
 * Replies {@link PostPage}.
 *
 * @param userId the reader's user id
 * @param limit 1 to {@value StoreApi#MAX_PAGE_LIMIT} posts, or {@code null} for {@value
 *     StoreApi#DEFAULT_PAGE_LIMIT}
 * @param before the {@link PostPage#next()} cursor of the previous page, or {@code null} for the
 *     newest posts
 */
public record Timeline(String userId, Integer limit, String before) {}
