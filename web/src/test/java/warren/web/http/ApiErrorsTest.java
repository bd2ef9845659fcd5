package warren.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import warren.contracts.auth.AuthErrors;
import warren.messaging.BrokerUnavailableException;
import warren.messaging.CircuitOpenException;
import warren.messaging.DeadlineExceededException;
import warren.messaging.NoConsumerException;
import warren.messaging.NoRouteException;
import warren.messaging.RemoteException;

class ApiErrorsTest {
  private static RemoteException remote(String code, String message) {
    return new RemoteException("x.y", code, "warren.messaging.ServiceError", message);
  }

  @Test
  void worker_error_codes_map_to_the_statuses_of_api_md() {
    assertEquals(400, ApiErrors.toApi(remote("invalid_username", "bad")).status());
    assertEquals(409, ApiErrors.toApi(remote("username_taken", "taken")).status());
    assertEquals(401, ApiErrors.toApi(remote("bad_credentials", "no")).status());
    assertEquals(404, ApiErrors.toApi(remote("not_found", "gone")).status());
    assertEquals(400, ApiErrors.toApi(remote("forbidden_target", "inside")).status());
    assertEquals(409, ApiErrors.toApi(remote("duplicate_url", "twice")).status());
    assertEquals("not_found", ApiErrors.toApi(remote("not_found", "gone")).code());
  }

  @Test
  void a_log_in_rate_limit_carries_its_wait_into_retry_after() {
    ApiException api =
        ApiErrors.toApi(
            remote(
                AuthErrors.RATE_LIMITED,
                AuthErrors.rateLimited(Duration.ofSeconds(42)).getMessage()));
    assertEquals(429, api.status());
    assertEquals(Duration.ofSeconds(42), api.retryAfter());
  }

  @Test
  void worker_messages_become_sentences() {
    ApiException api = ApiErrors.toApi(remote("username_taken", "the username 'ada' is taken"));
    assertEquals("The username 'ada' is taken.", api.getMessage());
  }

  @Test
  void timeouts_are_504_and_an_absent_broker_503() {
    assertEquals(504, ApiErrors.toApi(new DeadlineExceededException("late")).status());
    assertEquals(504, ApiErrors.toApi(new NoConsumerException("nobody")).status());
    assertEquals(503, ApiErrors.toApi(new BrokerUnavailableException("down")).status());
    assertEquals(503, ApiErrors.toApi(new CircuitOpenException("open")).status());
    assertEquals(503, ApiErrors.toApi(new NoRouteException("no queue")).status());
    assertEquals("unavailable", ApiErrors.toApi(new BrokerUnavailableException("down")).code());
    assertEquals("timeout", ApiErrors.toApi(new DeadlineExceededException("late")).code());
  }

  @Test
  void anything_else_is_a_500_that_tells_the_client_nothing_internal() {
    ApiException fromBug = ApiErrors.toApi(new IllegalStateException("secret detail"));
    ApiException fromWorker = ApiErrors.toApi(remote("internal", "NullPointerException at Foo"));
    for (ApiException api : new ApiException[] {fromBug, fromWorker}) {
      assertEquals(500, api.status());
      assertEquals("internal", api.code());
      assertEquals("Something went wrong on our side; the error is logged.", api.getMessage());
      assertNull(api.retryAfter());
    }
  }
}
