package warren.contracts.store;

import java.util.List;

/**
 * A page of posts, newest first.
 *
 * @param posts the posts of this page, possibly empty
 * @param next an opaque cursor to pass as {@code before} for the following page, or {@code null}
 *     when there are no older posts
 */
public record PostPage(List<Post> posts, String next) {
  public PostPage {
    posts = List.copyOf(posts);
  }

  /** An empty last page. */
  public static PostPage empty() {
    return new PostPage(List.of(), null);
  }
}
