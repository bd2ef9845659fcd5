package warren.contracts.store;

/**
 * Query: posts containing all the words of {@code query} (case-insensitive; quoted phrases, {@code
 * or} and {@code -word} work as in a web search engine), newest first. Fails with {@link
 * StoreApi#INVALID_QUERY} when the query is blank.
 *
 * @param query the words to look for
 * @param limit 1 to {@value StoreApi#MAX_PAGE_LIMIT} posts, or {@code null} for {@value
 *     StoreApi#DEFAULT_PAGE_LIMIT}
 * @param before the {@link PostPage#next()} cursor of the previous page, or {@code null}
 */
public record Search(String query, Integer limit, String before) {}
