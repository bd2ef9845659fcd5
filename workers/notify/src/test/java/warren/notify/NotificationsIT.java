package warren.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.contracts.notify.NotifyApi;
import warren.contracts.store.Post;
import warren.messaging.NotificationListener;
import warren.messaging.Warren;
import warren.messaging.WarrenConfig;
import warren.notify.NotifyFixture.User;
import warren.testkit.Conditions;
import warren.testkit.IsolatedVhost;
import warren.testkit.TestDatabase;

/**
 * The notify worker in-process: the store's events in, live notifications out on {@code
 * warren.notify}, received by a web-like listener bound to its users' keys.
 */
class NotificationsIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();
  @RegisterExtension static final TestDatabase database = new TestDatabase();
  static final Duration WAIT = Duration.ofSeconds(10);

  static NotifyWorker notify;
  static Warren store;
  static Warren web;
  static NotifyFixture fixture;
  static NotificationListener listener;

  /** "routingKey postId" for every notification web received. */
  static final List<String> received = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    notify =
        NotifyWorker.start(NotifyWorker.Settings.forTest(broker.amqpUri(), database.jdbcUrl()));
    store = Warren.connect(WarrenConfig.builder().service("store").uri(broker.amqpUri()).build());
    web = Warren.connect(WarrenConfig.builder().service("web").uri(broker.amqpUri()).build());
    fixture = new NotifyFixture(store, database.jdbcUrl());
    listener = web.listen(Post.class, (key, post) -> received.add(key + " " + post.id()));
  }

  @AfterAll
  static void stop() {
    if (listener != null) {
      listener.close();
    }
    for (AutoCloseable c : new AutoCloseable[] {web, store, notify}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static long count(User user, Post post) {
    String entry = NotifyApi.notificationRoutingKey(user.id()) + " " + post.id();
    return received.stream().filter(entry::equals).count();
  }

  static void awaitReceived(User user, Post post) {
    Conditions.waitUntil(
        WAIT, () -> count(user, post) > 0, user.name() + " notified of " + post.text());
  }

  @Test
  void a_follower_gets_exactly_one_notification_per_post_and_none_after_unfollowing() {
    User ada = NotifyFixture.user("ada");
    User bob = NotifyFixture.user("bob");
    User cy = NotifyFixture.user("cy");
    User dan = NotifyFixture.user("dan");
    listener.bind(NotifyApi.notificationRoutingKey(bob.id()));
    listener.bind(NotifyApi.notificationRoutingKey(cy.id()));
    Instant t = Instant.now();
    fixture.follow(bob, ada, t);
    fixture.follow(bob, dan, t);
    Conditions.waitUntil(
        WAIT,
        () ->
            Boolean.TRUE.equals(fixture.following(bob, ada))
                && Boolean.TRUE.equals(fixture.following(bob, dan)),
        "notify knows bob follows ada and dan");

    Post first = fixture.post(ada, "first");
    fixture.publish(ada, first); // the store may publish post.created twice after a redelivery
    Post marker = fixture.post(dan, "marker");
    awaitReceived(bob, first);
    awaitReceived(bob, marker);
    assertEquals(1, count(bob, first), "bob got the first post exactly once");
    assertEquals(0, count(cy, first), "cy follows nobody");

    fixture.unfollow(bob, ada, t.plusSeconds(1));
    Conditions.waitUntil(
        WAIT, () -> Boolean.FALSE.equals(fixture.following(bob, ada)), "bob unfollowed ada");
    Post afterUnfollow = fixture.post(ada, "after the unfollow");
    Post secondMarker = fixture.post(dan, "second marker");
    awaitReceived(bob, secondMarker);
    assertEquals(0, count(bob, afterUnfollow), "no notification after unfollowing");
  }

  @Test
  void an_unfollow_that_overtook_its_follow_still_wins() {
    User eve = NotifyFixture.user("eve");
    User fay = NotifyFixture.user("fay");
    Instant followedAt = Instant.now();
    fixture.unfollow(eve, fay, followedAt.plusMillis(10));
    Conditions.waitUntil(
        WAIT, () -> Boolean.FALSE.equals(fixture.following(eve, fay)), "unfollow recorded");
    fixture.follow(eve, fay, followedAt);
    User gus = NotifyFixture.user("gus");
    fixture.follow(gus, fay, followedAt); // a later event on the same queue, to know it got there
    Conditions.waitUntil(
        WAIT, () -> Boolean.TRUE.equals(fixture.following(gus, fay)), "later follow recorded");
    assertEquals(false, fixture.following(eve, fay));
  }

  @Test
  void readyz_is_200_with_the_broker_and_the_database_up() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + notify.healthPort() + "/readyz"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
  }
}
