package warren.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthConfigTest {

  @Test
  void defaults_are_30_day_sessions_and_5_failures_in_15_minutes() {
    AuthConfig config = AuthConfig.fromEnv(Map.of());
    assertEquals(Duration.ofDays(30), config.sessionTtl());
    assertEquals(5, config.loginThrottle().maxFailures());
    assertEquals(Duration.ofMinutes(15), config.loginThrottle().window());
    assertEquals(210_000, config.passwordIterations());
  }

  @Test
  void every_setting_is_read_from_its_variable() {
    AuthConfig config =
        AuthConfig.fromEnv(
            Map.of(
                "WARREN_AUTH_SESSION_TTL", "PT12H",
                "WARREN_AUTH_LOGIN_MAX_FAILURES", "3",
                "WARREN_AUTH_LOGIN_WINDOW", "PT5M",
                "WARREN_AUTH_PASSWORD_ITERATIONS", "300000"));
    assertEquals(Duration.ofHours(12), config.sessionTtl());
    assertEquals(new LoginThrottle.Policy(3, Duration.ofMinutes(5)), config.loginThrottle());
    assertEquals(300_000, config.passwordIterations());
  }

  @Test
  void a_malformed_duration_is_reported_with_the_variable_and_an_example() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AuthConfig.fromEnv(Map.of("WARREN_AUTH_SESSION_TTL", "30 days")));
    assertEquals(
        "WARREN_AUTH_SESSION_TTL must be an ISO-8601 duration like PT5S or P30D, was '30 days'",
        e.getMessage());
  }

  @Test
  void a_non_positive_session_ttl_is_refused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AuthConfig.fromEnv(Map.of("WARREN_AUTH_SESSION_TTL", "PT0S")));
    assertEquals(
        "WARREN_AUTH_SESSION_TTL must be a positive duration like P30D, was PT0S", e.getMessage());
  }

  @Test
  void a_non_numeric_failure_count_is_refused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AuthConfig.fromEnv(Map.of("WARREN_AUTH_LOGIN_MAX_FAILURES", "five")));
    assertEquals(
        "WARREN_AUTH_LOGIN_MAX_FAILURES must be a whole number like 5, was 'five'", e.getMessage());
  }

  @Test
  void too_few_password_iterations_are_refused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> AuthConfig.fromEnv(Map.of("WARREN_AUTH_PASSWORD_ITERATIONS", "10")));
  }
}
