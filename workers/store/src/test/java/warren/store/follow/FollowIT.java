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
    assertOneFollowEvent(alice, bob);
  }

  @Test
  void following_a_user_whose_sign_up_the_store_has_not_heard_of_records_them_and_the_follow()
      throws Exception {
    User ivy = store.signUp("ivy");
    User jon = store.notYetSignedUp("jon");

    store.follow(ivy, jon);

    assertEquals(1, followsOf(ivy));
    assertEquals(List.of(jon.id()), idsNamed(jon));
    assertOneFollowEvent(ivy, jon);
  }

  @Test
  void the_sign_up_arriving_after_the_follow_changes_nothing() throws Exception {
    User kim = store.notYetSignedUp("kim");
    User lou = store.notYetSignedUp("lou");
    store.follow(kim, lou);

    store.signedUp(lou);
    store.signedUp(kim);

    assertEquals(List.of(lou.id()), idsNamed(lou));
    assertEquals(List.of(kim.id()), idsNamed(kim));
    assertEquals(1, followsOf(kim));
    assertEquals(
        1, db.count("SELECT count(*) FROM store.follows WHERE followee_id = '" + lou.id() + "'"));
  }

  @Test
  void a_follow_sent_before_followee_id_existed_still_follows_by_name() throws Exception {
    User max = store.signUp("max");
    User nia = store.signUp("nia");

    follow.handle(new Follow(max.id(), max.name(), nia.name(), Instant.now()), context());

    assertEquals(
        1,
        db.count(
            "SELECT count(*) FROM store.follows WHERE follower_id = '"
                + max.id()
                + "' AND followee_id = '"
                + nia.id()
                + "'"));
    unfollow.handle(
        new Unfollow(max.id(), max.name(), nia.name(), Instant.now()),
        TestMessageContext.firstDelivery("store.unfollow"));
    assertEquals(0, followsOf(max));
  }

  @Test
  void unfollowing_by_id_needs_no_copy_of_the_followee_and_changes_nothing_when_not_followed()
      throws Exception {
    User oli = store.signUp("oli");
    User pat = store.notYetSignedUp("pat");

    store.unfollow(oli, pat);

    assertEquals(0, followsOf(oli));
    assertEquals(List.of(), store.events.of(UserUnfollowed.class));
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

  @Test
  void the_older_of_a_follow_and_an_unfollow_handled_second_changes_nothing() throws Exception {
    User ivan = store.signUp("ivan");
    User jade = store.signUp("jade");
    User kate = store.signUp("kate");
    Instant earlier = Instant.now();
    Instant later = earlier.plusMillis(5);

    // Ivan followed then unfollowed Jade; the unfollow overtook the follow on its own queue.
    store.unfollow(ivan, jade, later);
    store.follow(ivan, jade, earlier);
    // Ivan unfollowed then followed Kate again; the follow was handled first.
    store.follow(ivan, kate, later);
    store.unfollow(ivan, kate, earlier);

    assertEquals(1, followsOf(ivan));
    assertOneFollowEvent(ivan, kate);
    assertEquals(List.of(), store.events.of(UserUnfollowed.class));
  }

  @Test
  void follow_unfollow_follow_in_order_ends_followed_with_every_event() throws Exception {
    User mia = store.signUp("mia");
    User ned = store.signUp("ned");
    Instant first = Instant.now();

    store.follow(mia, ned, first);
    store.unfollow(mia, ned, first.plusMillis(1));
    store.follow(mia, ned, first.plusMillis(2));
    store.follow(mia, ned, first.plusMillis(2)); // the same command redelivered

    assertEquals(1, followsOf(mia));
    assertEquals(2, store.events.of(UserFollowed.class).size());
    assertEquals(1, store.events.of(UserUnfollowed.class).size());
  }

  private static List<String> idsNamed(User user) throws Exception {
    try (var connection = db.database().dataSource().getConnection();
        var statement =
            connection.prepareStatement("SELECT id FROM store.users WHERE username = ?")) {
      statement.setString(1, user.name());
      try (var rows = statement.executeQuery()) {
        List<String> ids = new java.util.ArrayList<>();
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
        return ids;
      }
    }
  }

  private static long followsOf(User user) throws Exception {
    return db.count("SELECT count(*) FROM store.follows WHERE follower_id = '" + user.id() + "'");
  }

  private static TestMessageContext context() {
    return TestMessageContext.firstDelivery("store.follow");
  }

  /** Exactly one {@code user.followed}, of {@code follower} following {@code followee}. */
  private void assertOneFollowEvent(User follower, User followee) {
    assertEquals(
        List.of(new UserFollowed(follower.id(), follower.name(), followee.id(), followee.name())),
        store.events.of(UserFollowed.class).stream()
            .map(
                e ->
                    new UserFollowed(
                        e.followerId(), e.followerName(), e.followeeId(), e.followeeName()))
            .toList());
  }
}
