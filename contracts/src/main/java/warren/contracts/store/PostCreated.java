package warren.contracts.store;

/**
 * Event {@code post.created}: a post was stored. Published after the store committed it; a
 * redelivered {@link CreatePost} may publish it again, so subscribers should key on {@code
 * post.id()}.
 *
 * @param post the post as readers see it
 * @param authorId the author's user id, to find the followers
 */
public record PostCreated(Post post, String authorId) {}
