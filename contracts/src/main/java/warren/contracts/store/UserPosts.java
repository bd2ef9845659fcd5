package warren.contracts.store;

/**
 * Query: a page of one user's posts, newest first. Replies {@link PostPage}, or fails with {@link
 * StoreApi#NOT_FOUND} for an unknown username.
 *
 * @param username whose posts
 * @param limit 1 to {@value StoreApi#MAX_PAGE_LIMIT} posts, or {@code null} for {@value
 *     StoreApi#DEFAULT_PAGE_LIMIT}
 * @param before the {@link PostPage#next()} cursor of the previous page, or {@code null}
 */
public record UserPosts(String username, Integer limit, String before) {}
