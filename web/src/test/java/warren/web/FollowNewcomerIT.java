package warren.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.GetResponse;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.auth.AuthWorker;
import warren.contracts.auth.AuthEvents;
import warren.contracts.store.StoreApi;
import warren.store.StoreWorker;
import warren.testkit.Conditions;
import warren.testkit.IsolatedVhost;
import warren.testkit.TestDatabase;
import warren.web.ApiClient.Answer;

/**
 * Following someone seconds after they signed up, while the store has not yet handled their {@code
 * user.signed-up}: web asks auth whether they exist, and the store records them from the follow;
 * their page shows them with nothing followed or posted meanwhile. The store's copy of the event is
 * held back by binding a queue of the test's in place of {@code store.users}, then handed over
 * late, as a slow or restarting store would see it.
 */
class FollowNewcomerIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  private static final Duration VISIBLE = Duration.ofSeconds(5);
  private static final String EVENTS = "warren.events";
  private static final String HELD = "test.held-sign-ups";
  private static final String SIGNED_UP = AuthEvents.USER_SIGNED_UP.routingKey();

  private static final AtomicInteger names = new AtomicInteger();
  // Every sign-up reaches store.users once, held or not: the store has handled them all when its
  // count of handled user.signed-up events reaches this.
  private static final AtomicInteger signUps = new AtomicInteger();
  private static AuthWorker auth;
  private static StoreWorker store;
  private static WebFixture app;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    auth = AuthWorker.start(AuthWorker.Settings.forTest(broker.amqpUri(), db.jdbcUrl()));
    store = StoreWorker.start(StoreWorker.Settings.forTest(broker.amqpUri(), db.jdbcUrl()));
    app = new WebFixture(broker);
    api = new ApiClient(app.web().port());
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (store != null) {
      store.close();
    }
    if (auth != null) {
      auth.close();
    }
  }

  @Test
  void following_a_user_the_store_has_not_heard_of_yet_is_204_and_the_follow_is_stored() {
    String ada = name("ada");
    String bob = name("bob");
    String bobId;
    String adaToken;
    holdSignUps();
    try {
      adaToken = signUpAndLogIn(ada);
      bobId = signUp(bob);
      Conditions.waitUntil(
          VISIBLE, () -> broker.queueDepth(HELD) == 2, "both sign-ups held from the store");
      assertEquals(0, counts(bob).path("followers").asLong(), "a newcomer's page, from auth");
      Answer posts = api.get("/api/v1/users/" + bob + "/posts", null);
      assertEquals(200, posts.status(), posts::toString);
      assertEquals(0, posts.json().path("posts").size(), posts::toString);

      Answer follow = api.send("PUT", "/api/v1/users/" + bob + "/follow", null, adaToken, Map.of());

      assertEquals(204, follow.status(), follow::toString);
      Conditions.waitUntil(VISIBLE, () -> followers(bob) == 1, "the store recorded the follow");
      assertEquals(1, counts(ada).path("following").asLong());
    } finally {
      releaseSignUps();
    }

    Conditions.waitUntil(
        VISIBLE,
        () -> handled(StoreApi.USERS_SUBSCRIPTION, "ok") + failedSignUps() >= signUps.get(),
        "the late sign-ups handled");
    assertEquals(0, failedSignUps(), "a late sign-up failed in the store");
    assertEquals(1, followers(bob));
    assertEquals(1, counts(ada).path("following").asLong());
    assertEquals(List.of(bobId), storeIdsNamed(bob));
  }

  @Test
  void unfollowing_a_user_the_store_has_not_heard_of_yet_is_204() {
    String cy = name("cy");
    String dee = name("dee");
    holdSignUps();
    try {
      String cyToken = signUpAndLogIn(cy);
      signUp(dee);

      Answer unfollow =
          api.send("DELETE", "/api/v1/users/" + dee + "/follow", null, cyToken, Map.of());

      assertEquals(204, unfollow.status(), unfollow::toString);
    } finally {
      releaseSignUps();
    }
  }

  @Test
  void following_or_unfollowing_a_name_nobody_signed_up_with_is_404() {
    String token = signUpAndLogIn(name("eve"));
    for (String method : new String[] {"PUT", "DELETE"}) {
      Answer answer =
          api.send(
              method, "/api/v1/users/nobody_" + names.get() + "/follow", null, token, Map.of());
      assertEquals(404, answer.status(), method + " " + answer);
      assertEquals("not_found", answer.error(), method + " " + answer);
    }
  }

  @Test
  void the_page_and_posts_of_a_name_nobody_signed_up_with_are_404() {
    for (String path : new String[] {"", "/posts"}) {
      Answer answer = api.get("/api/v1/users/nobody_" + names.incrementAndGet() + path, null);
      assertEquals(404, answer.status(), path + " " + answer);
      assertEquals("not_found", answer.error(), path + " " + answer);
    }
  }

  private static String name(String prefix) {
    return prefix + "_" + names.incrementAndGet();
  }

  private static String signUp(String username) {
    Answer answer =
        api.post(
            "/api/v1/users",
            Map.of("username", username, "password", "password-" + username),
            null);
    assertEquals(201, answer.status(), answer::toString);
    signUps.incrementAndGet();
    return answer.json().path("id").asText();
  }

  private static String signUpAndLogIn(String username) {
    signUp(username);
    return api.logIn(username);
  }

  private static com.fasterxml.jackson.databind.JsonNode counts(String username) {
    Answer page = api.get("/api/v1/users/" + username, null);
    assertEquals(200, page.status(), page::toString);
    return page.json();
  }

  private static long followers(String username) {
    Answer page = api.get("/api/v1/users/" + username, null);
    return page.status() == 200 ? page.json().path("followers").asLong() : -1;
  }

  /** From now on {@code user.signed-up} goes to a queue of the test's instead of the store's. */
  private static void holdSignUps() {
    broker.withChannel(
        channel -> {
          channel.queueDeclare(HELD, true, false, false, null);
          channel.queueBind(HELD, EVENTS, SIGNED_UP);
          channel.queueUnbind(StoreApi.USERS_SUBSCRIPTION, EVENTS, SIGNED_UP);
          return null;
        });
  }

  /** Binds the store's queue again and hands it the held events, late, as they were published. */
  private static void releaseSignUps() {
    broker.withChannel(
        channel -> {
          channel.queueBind(StoreApi.USERS_SUBSCRIPTION, EVENTS, SIGNED_UP);
          channel.queueUnbind(HELD, EVENTS, SIGNED_UP);
          channel.confirmSelect();
          for (GetResponse held = channel.basicGet(HELD, false);
              held != null;
              held = channel.basicGet(HELD, false)) {
            channel.basicPublish("", StoreApi.USERS_SUBSCRIPTION, held.getProps(), held.getBody());
            channel.waitForConfirmsOrDie(5_000);
            channel.basicAck(held.getEnvelope().getDeliveryTag(), false);
          }
          return null;
        });
  }

  /** Messages of this endpoint the store worker handled with this outcome. */
  private static long handled(String endpoint, String outcome) {
    Timer timer =
        store
            .warren()
            .meterRegistry()
            .find("warren.handled")
            .tag("endpoint", endpoint)
            .tag("outcome", outcome)
            .timer();
    return timer == null ? 0 : timer.count();
  }

  private static long failedSignUps() {
    long failed = 0;
    for (String outcome : new String[] {"rejected", "retried", "dead_lettered"}) {
      failed += handled(StoreApi.USERS_SUBSCRIPTION, outcome);
    }
    return failed;
  }

  private static List<String> storeIdsNamed(String username) {
    try (Connection connection = DriverManager.getConnection(db.jdbcUrl());
        PreparedStatement statement =
            connection.prepareStatement("SELECT id FROM store.users WHERE username = ?")) {
      statement.setString(1, username);
      List<String> ids = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
      return ids;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
