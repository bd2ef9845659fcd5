package warren.store.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.contracts.auth.UserSignedUp;
import warren.contracts.store.Post;
import warren.contracts.store.PostPage;
import warren.contracts.store.StoreApi;
import warren.contracts.store.UserCounts;
import warren.contracts.store.UserPage;
import warren.contracts.store.UserPosts;
import warren.messaging.ServiceError;
import warren.store.StoreFixture;
import warren.store.StoreFixture.User;
import warren.store.StoreTestDatabase;
import warren.store.TestMessageContext;

class UserPageIT {
  @RegisterExtension static final StoreTestDatabase db = new StoreTestDatabase();

  private final StoreFixture store = new StoreFixture(db.transactions());
  private final UserPageHandler userPage = new UserPageHandler(db.transactions());
  private final UserPostsHandler userPosts = new UserPostsHandler(db.transactions());

  @Test
  void the_user_page_counts_followers_following_and_posts() throws Exception {
    User alice = store.signUp("alice");
    User bob = store.signUp("bob");
    User carol = store.signUp("carol");
    store.follow(bob, alice);
    store.follow(carol, alice);
    store.follow(alice, bob);
    store.post(alice, "one", Instant.now());
    store.post(alice, "two", Instant.now());
    store.post(alice, "three", Instant.now());

    assertEquals(
        new UserCounts(alice.name(), 2, 1, 3),
        userPage.handle(new UserPage(alice.name()), context()));
  }

  @Test
  void a_user_who_only_signed_up_has_zero_counts() throws Exception {
    new UserSignedUpHandler(db.transactions())
        .handle(new UserSignedUp("fresh-id", "fresh_user"), context());
    assertEquals(
        new UserCounts("fresh_user", 0, 0, 0),
        userPage.handle(new UserPage("fresh_user"), context()));
  }

  @Test
  void signing_up_twice_is_recorded_once() throws Exception {
    UserSignedUpHandler signUp = new UserSignedUpHandler(db.transactions());
    signUp.handle(new UserSignedUp("twice-id", "twice_user"), context());
    signUp.handle(new UserSignedUp("twice-id", "twice_user"), context());
    assertEquals(1, db.count("SELECT count(*) FROM store.users WHERE id = 'twice-id'"));
  }

  @Test
  void user_posts_are_that_users_posts_newest_first_in_pages() throws Exception {
    User dave = store.signUp("dave");
    User erin = store.signUp("erin");
    Instant start = Instant.parse("2026-03-01T10:00:00Z");
    String first = store.post(dave, "first", start);
    String second = store.post(dave, "second", start.plusSeconds(1));
    String third = store.post(dave, "third", start.plusSeconds(2));
    store.post(erin, "not dave's", start.plusSeconds(3));

    PostPage page = userPosts.handle(new UserPosts(dave.name(), 2, null), context());
    PostPage rest = userPosts.handle(new UserPosts(dave.name(), 2, page.next()), context());

    assertEquals(List.of(third, second), page.posts().stream().map(Post::id).toList());
    assertEquals(List.of(first), rest.posts().stream().map(Post::id).toList());
  }

  @Test
  void an_unknown_username_is_not_found_for_page_and_posts() {
    ServiceError pageError =
        assertThrows(ServiceError.class, () -> userPage.handle(new UserPage("ghost"), context()));
    ServiceError postsError =
        assertThrows(
            ServiceError.class,
            () -> userPosts.handle(new UserPosts("ghost", null, null), context()));
    assertEquals(StoreApi.NOT_FOUND, pageError.code());
    assertEquals(StoreApi.NOT_FOUND, postsError.code());
  }

  private static TestMessageContext context() {
    return TestMessageContext.firstDelivery("store.user-page");
  }
}
