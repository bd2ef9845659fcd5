package warren.contracts.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import warren.messaging.ServiceError;

class AuthErrorsTest {

  @Test
  void rate_limited_carries_its_wait_in_whole_seconds_rounded_up() {
    ServiceError error = AuthErrors.rateLimited(Duration.ofMillis(90_001));
    assertEquals(AuthErrors.RATE_LIMITED, error.code());
    assertEquals(Optional.of(Duration.ofSeconds(91)), AuthErrors.retryAfter(error.getMessage()));
  }

  @Test
  void rate_limited_never_asks_to_wait_zero_seconds() {
    ServiceError error = AuthErrors.rateLimited(Duration.ZERO);
    assertEquals(Optional.of(Duration.ofSeconds(1)), AuthErrors.retryAfter(error.getMessage()));
  }

  @Test
  void retry_after_is_empty_for_a_message_without_a_wait() {
    assertTrue(AuthErrors.retryAfter("something else").isEmpty());
    assertTrue(AuthErrors.retryAfter(null).isEmpty());
  }

  @Test
  void requests_and_replies_never_show_passwords_or_tokens_in_toString() {
    assertFalse(new SignUp("alice", "hunter22hunter").toString().contains("hunter22"));
    assertFalse(new LogIn("alice", "hunter22hunter").toString().contains("hunter22"));
    assertFalse(new LoggedIn("tok3n", new User("1", "alice")).toString().contains("tok3n"));
    assertFalse(new CheckSession("tok3n").toString().contains("tok3n"));
    assertFalse(new LogOut("tok3n").toString().contains("tok3n"));
  }
}
