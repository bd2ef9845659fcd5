package warren.store.follow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.contracts.store.Follow;
import warren.contracts.store.StoreApi;
import warren.contracts.store.Unfollow;
import warren.contracts.store.UserFollowed;
import warren.contracts.store.UserUnfollowed;
import warren.messaging.ServiceError;
import warren.store.StoreFixture;
import warren.store.StoreFixture.User;
import warren.store.StoreTestDatabase;
import warren.store.TestMessageContext;

class FollowIT {
  @RegisterExtension static final StoreTestDatabase db = new StoreTestDatabase();

  private final StoreFixture store = new StoreFixture(db.transactions());
  private final FollowHandler follow = new FollowHandler(db.transactions(), store.events);
  private final UnfollowHandler unfollow = new UnfollowHandler(db.transactions(), store.events);

  @Test
  void following_twice_is_one_follow_and_one_event() throws Exception {
    User alice = store.signUp("alice");
    User bob = store.signUp("bob");

    store.follow(alice, bob);
    store.follow(alice, bob);

    assertEquals(1, followsOf(alice));
    assertEquals(
        List.of(new UserFollowed(alice.id(), alice.name(), bob.id(), bob.name())),
        store.events.of(UserFollowed.class).stream()
            .map(
                e ->
                    new UserFollowed(
                        e.followerId(), e.followerName(), e.followeeId(), e.followeeName()))
            .toList());
  }

  @Test
  void following_yourself_is_invalid_follow() throws Exception {
    User carol = store.signUp("carol");
    ServiceError error =
        assertThrows(
            ServiceError.class,
            () ->
                follow.handle(
                    new Follow(carol.id(), carol.name(), carol.name(), Instant.now()), context()));
    assertEquals(StoreApi.INVALID_FOLLOW, error.code());
    assertEquals(0, followsOf(carol));
  }

  @Test
  void following_or_unfollowing_an_unknown_user_is_not_found() throws Exception {
    User dave = store.signUp("dave");
    ServiceError followError =
        assertThrows(
            ServiceError.class,
            () ->
                follow.handle(
                    new Follow(dave.id(), dave.name(), "ghost", Instant.now()), context()));
    ServiceError unfollowError =
        assertThrows(
            ServiceError.class,
            () ->
                unfollow.handle(
                    new Unfollow(dave.id(), dave.name(), "ghost", Instant.now()), context()));
    assertEquals(StoreApi.NOT_FOUND, followError.code());
    assertEquals(StoreApi.NOT_FOUND, unfollowError.code());
  }

  @Test
  void unfollowing_someone_not_followed_changes_nothing_and_publishes_nothing() throws Exception {
    User erin = store.signUp("erin");
    User frank = store.signUp("frank");

    store.unfollow(erin, frank);

    assertEquals(0, followsOf(erin));
    assertEquals(List.of(), store.events.of(UserUnfollowed.class));
  }

  @Test
  void unfollowing_removes_the_follow_and_publishes_user_unfollowed() throws Exception {
    User gina = store.signUp("gina");
    User hank = store.signUp("hank");
    store.follow(gina, hank);

    store.unfollow(gina, hank);

    assertEquals(0, followsOf(gina));
    assertEquals(
        List.of(new UserUnfollowed(gina.id(), gina.name(), hank.id(), hank.name())),
        store.events.of(UserUnfollowed.class).stream()
            .map(
                e ->
                    new UserUnfollowed(
                        e.followerId(), e.followerName(), e.followeeId(), e.followeeName()))
            .toList());
  }

  private static long followsOf(User user) throws Exception {
    return db.count("SELECT count(*) FROM store.follows WHERE follower_id = '" + user.id() + "'");
  }

  private static TestMessageContext context() {
    return TestMessageContext.firstDelivery("store.follow");
  }
}
