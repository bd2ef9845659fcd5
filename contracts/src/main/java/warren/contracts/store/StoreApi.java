package warren.contracts.store;

import warren.messaging.CommandEndpoint;
import warren.messaging.RpcEndpoint;
import warren.messaging.StreamEndpoint;

/**
 * The endpoints the store worker serves, and the error codes its handlers throw as {@link
 * warren.messaging.ServiceError}.
 *
 * <p>Queries are RPC on {@code warren.rpc}; changes are commands on {@code warren.commands}, so the
 * web can answer 202 once the broker confirmed them. The store keeps its own copy of users (id,
 * username), filled from {@link warren.contracts.auth.AuthEvents#USER_SIGNED_UP} through the
 * subscription {@link #USERS_SUBSCRIPTION} and from the ids and names carried by commands.
 */
public final class StoreApi {
  /** Page size when a query gives none. */
  public static final int DEFAULT_PAGE_LIMIT = 20;

  /** The largest page a query may ask for. */
  public static final int MAX_PAGE_LIMIT = 100;

  public static final RpcEndpoint<GetPost, Post> GET_POST =
      new RpcEndpoint<>("store.get-post", GetPost.class, Post.class);

  public static final RpcEndpoint<Timeline, PostPage> TIMELINE =
      new RpcEndpoint<>("store.timeline", Timeline.class, PostPage.class);

  public static final RpcEndpoint<UserPage, UserCounts> USER_PAGE =
      new RpcEndpoint<>("store.user-page", UserPage.class, UserCounts.class);

  public static final RpcEndpoint<UserPosts, PostPage> USER_POSTS =
      new RpcEndpoint<>("store.user-posts", UserPosts.class, PostPage.class);

  /**
   * Search as a stream: one page of results sent in chunks of at most {@value #SEARCH_CHUNK_SIZE}
   * posts, newest first. Each chunk's {@code next} is the cursor after its last post (null when
   * nothing older matches), so a caller that stops early can still go on later.
   */
  public static final StreamEndpoint<Search, PostPage> SEARCH =
      new StreamEndpoint<>("store.search", Search.class, PostPage.class);

  /** Search as a single reply: the same page as {@link #SEARCH}, in one {@link PostPage}. */
  public static final RpcEndpoint<Search, PostPage> SEARCH_PAGE =
      new RpcEndpoint<>("store.search-page", Search.class, PostPage.class);

  /** Most posts in one chunk of a {@link #SEARCH} stream. */
  public static final int SEARCH_CHUNK_SIZE = 10;

  public static final CommandEndpoint<CreatePost> CREATE_POST =
      new CommandEndpoint<>("store.create-post", CreatePost.class);

  public static final CommandEndpoint<Follow> FOLLOW =
      new CommandEndpoint<>("store.follow", Follow.class);

  public static final CommandEndpoint<Unfollow> UNFOLLOW =
      new CommandEndpoint<>("store.unfollow", Unfollow.class);

  /** The store's subscription (and queue) for {@code user.signed-up}. */
  public static final String USERS_SUBSCRIPTION = "store.users";

  /** No post with that id, or no user with that name. HTTP 404. */
  public static final String NOT_FOUND = "not_found";

  /** A user tried to follow themselves. HTTP 400. */
  public static final String INVALID_FOLLOW = "invalid_follow";

  /** Post text empty, blank or over {@value PostText#MAX_CODE_POINTS} code points. HTTP 400. */
  public static final String INVALID_TEXT = "invalid_text";

  /** Search query empty or blank. HTTP 400. */
  public static final String INVALID_QUERY = "invalid_query";

  /** Page limit outside 1..{@value #MAX_PAGE_LIMIT}. HTTP 400. */
  public static final String INVALID_LIMIT = "invalid_limit";

  /** A {@code before} cursor that the store did not issue. HTTP 400. */
  public static final String INVALID_CURSOR = "invalid_cursor";

  private StoreApi() {}
}
