package warren.contracts.store;

import java.time.Instant;

/**
 * Command: publish a new post. Sent by the web after it validated the text and assigned the id, so
 * it can answer {@code 202 {"id"}} before the store applied it.
 *
 * <p>Applying the same post id twice stores one post: the first text and time win.
 *
 * @param postId the id the web assigned, from {@link PostIds}
 * @param authorId the author's user id, as issued by auth
 * @param authorName the author's username; the store records it on first sight
 * @param text at most {@value PostText#MAX_CODE_POINTS} Unicode code points, not blank
 * @param createdAt when the web accepted the post; the order of timelines
 */
public record CreatePost(
    String postId, String authorId, String authorName, String text, Instant createdAt) {}
