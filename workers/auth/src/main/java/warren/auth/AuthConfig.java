package warren.auth;

import java.time.Duration;
import java.util.Map;
import warren.messaging.service.Environment;

/**
 * The auth worker's own settings, read once from the environment at start-up and checked there.
 * Broker, database and health settings are {@link warren.messaging.service.ServiceSettings}.
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code WARREN_AUTH_SESSION_TTL}</td><td>{@code P30D}</td>
 *       <td>how long a session lasts after log-in, ISO-8601 ({@code PT12H}, {@code P30D})</td></tr>
 *   <tr><td>{@code WARREN_AUTH_LOGIN_MAX_FAILURES}</td><td>5</td>
 *       <td>failed log-ins that lock a username</td></tr>
 *   <tr><td>{@code WARREN_AUTH_LOGIN_WINDOW}</td><td>{@code PT15M}</td>
 *       <td>how long failures count, and how long the lock lasts</td></tr>
 *   <tr><td>{@code WARREN_AUTH_PASSWORD_ITERATIONS}</td><td>210000</td>
 *       <td>PBKDF2 iterations for new password hashes; old hashes are upgraded at log-in</td></tr>
 * </table>
 *
 * @param sessionTtl lifetime of a new session, positive
 * @param loginThrottle when failed log-ins lock a username
 * @param passwordIterations PBKDF2 iterations, at least {@link PasswordHasher#MIN_ITERATIONS}
 */
public record AuthConfig(
    Duration sessionTtl, LoginThrottle.Policy loginThrottle, int passwordIterations) {

  public static final Duration DEFAULT_SESSION_TTL = Duration.ofDays(30);

  public AuthConfig {
    if (sessionTtl == null || !sessionTtl.isPositive()) {
      throw new IllegalArgumentException(
          "WARREN_AUTH_SESSION_TTL must be a positive duration like P30D, was " + sessionTtl);
    }
    if (loginThrottle == null) {
      throw new IllegalArgumentException("loginThrottle is required, for example Policy.DEFAULT");
    }
    if (passwordIterations < PasswordHasher.MIN_ITERATIONS) {
      throw new IllegalArgumentException(
          "WARREN_AUTH_PASSWORD_ITERATIONS must be at least "
              + PasswordHasher.MIN_ITERATIONS
              + " (default "
              + PasswordHasher.DEFAULT_ITERATIONS
              + "), was "
              + passwordIterations);
    }
  }

  /** Every setting at its default. */
  public static AuthConfig defaults() {
    return fromEnv(Map.of());
  }

  /**
   * Reads the variables in the table above from {@code env} (usually {@link System#getenv()}).
   *
   * @throws IllegalArgumentException naming the variable, what it holds and what it should hold
   */
  public static AuthConfig fromEnv(Map<String, String> env) {
    return new AuthConfig(
        Environment.duration(env, "WARREN_AUTH_SESSION_TTL", DEFAULT_SESSION_TTL),
        new LoginThrottle.Policy(
            Environment.integer(
                env, "WARREN_AUTH_LOGIN_MAX_FAILURES", LoginThrottle.Policy.DEFAULT_MAX_FAILURES),
            Environment.duration(
                env, "WARREN_AUTH_LOGIN_WINDOW", LoginThrottle.Policy.DEFAULT_WINDOW)),
        Environment.integer(
            env, "WARREN_AUTH_PASSWORD_ITERATIONS", PasswordHasher.DEFAULT_ITERATIONS));
  }
}
