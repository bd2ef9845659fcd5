package warren.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static warren.web.AccountsApiIT.assertError;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.auth.AuthWorker;
import warren.contracts.store.StoreApi;
import warren.contracts.store.UserCounts;
import warren.messaging.Warren;
import warren.messaging.WarrenConfig;
import warren.testkit.Conditions;
import warren.testkit.IsolatedVhost;
import warren.testkit.TestDatabase;

/**
 * What a client sees when a worker or the broker fails: 504 {@code timeout} after the deadline when
 * no worker answers, 503 {@code unavailable} at once while the broker is away. Auth runs; the store
 * does not, so its endpoints are what this class breaks on purpose.
 */
class BrokerFailureIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  private static final Duration DEADLINE = Duration.ofSeconds(1);

  /** Long enough that the test sees the broker away before web reconnects. */
  private static final Duration RECOVERY = Duration.ofSeconds(5);

  private static AuthWorker auth;
  private static WebFixture app;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    auth = AuthWorker.start(AuthWorker.Settings.forTest(broker.amqpUri(), db.jdbcUrl()));
    app = new WebFixture(broker);
    WebConfig defaults = app.config();
    WebConfig config =
        new WebConfig(
            defaults.host(),
            0,
            defaults.amqpUris(),
            defaults.admins(),
            defaults.opsToken(),
            defaults.managementUri(),
            defaults.managementUser(),
            defaults.managementPassword(),
            DEADLINE,
            defaults.postRateLimit(),
            defaults.postRatePeriod(),
            defaults.streamKeepAlive(),
            defaults.drainDelay(),
            true);
    Warren warren = app.webWarren(WarrenConfig.builder().recoveryInterval(RECOVERY));
    api = new ApiClient(app.web(config, warren).port());
  }

  @AfterAll
  static void stop() {
    app.close();
    auth.close();
  }

  @Test
  void a_query_nobody_consumes_is_504_timeout_after_the_deadline() {
    broker.withChannel(
        channel -> {
          channel.queueDeclare(StoreApi.GET_POST.name(), true, false, false, Map.of());
          channel.queueBind(StoreApi.GET_POST.name(), "warren.rpc", StoreApi.GET_POST.name());
          return null;
        });
    long start = System.nanoTime();
    ApiClient.Answer answer = api.get("/api/v1/posts/some-id", null);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertError(504, "timeout", answer);
    assertTrue(millis >= DEADLINE.toMillis() && millis < 3 * DEADLINE.toMillis(), millis + " ms");
  }

  @Test
  void a_worker_slower_than_the_deadline_is_504_timeout() {
    try (Warren slowStore =
        Warren.connect(
            WarrenConfig.builder()
                .service("store")
                .uri(broker.amqpUri())
                .shutdownTimeout(Duration.ofSeconds(5))
                .build())) {
      slowStore.serve(
          StoreApi.USER_PAGE,
          (request, context) -> {
            Thread.sleep(3 * DEADLINE.toMillis());
            return new UserCounts(request.username(), 0, 0, 0);
          });
      assertError(504, "timeout", api.get("/api/v1/users/someone", null));
    }
  }

  @Test
  void a_worker_that_crashes_is_a_500_in_the_error_shape_without_its_details() {
    try (Warren brokenStore =
        Warren.connect(WarrenConfig.builder().service("store").uri(broker.amqpUri()).build())) {
      brokenStore.serve(
          StoreApi.USER_POSTS,
          (request, context) -> {
            throw new IllegalStateException("secret internal detail at row 42");
          });
      ApiClient.Answer answer = api.get("/api/v1/users/someone/posts", null);
      assertError(500, "internal", answer);
      assertFalse(answer.response().body().contains("secret"), answer::toString);
      assertFalse(answer.response().body().contains("IllegalStateException"), answer::toString);
    }
  }

  @Test
  void while_the_broker_is_away_requests_get_503_unavailable_at_once() {
    String token = api.signUpAndLogIn("ada");
    broker.closeConnectionsOf("web@", 3);
    long start = System.nanoTime();
    ApiClient.Answer post = api.post("/api/v1/posts", Map.of("text", "into the void"), token);
    ApiClient.Answer signUp =
        api.post("/api/v1/users", Map.of("username", "bob", "password", "correct horse"), null);
    ApiClient.Answer ready = api.get("/readyz", null);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertError(503, "unavailable", post);
    assertError(503, "unavailable", signUp);
    assertEquals(503, ready.status(), ready::toString);
    assertTrue(millis < DEADLINE.toMillis(), "three answers took " + millis + " ms");

    // Web reconnects by itself and serves again.
    Conditions.waitUntil(
        Duration.ofSeconds(30), () -> api.get("/readyz", null).status() == 200, "ready again");
    assertEquals(200, api.get("/api/v1/me", token).status());
  }
}
