package warren.contracts.auth;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import warren.messaging.ServiceError;

/**
 * The {@link ServiceError} codes the auth endpoints answer with, and the one way to build each
 * error so that its code and message stay consistent between the worker and the web tier.
 *
 * <p>HTTP mapping (API.md): {@code invalid_username} and {@code invalid_password} are 400, {@code
 * username_taken} 409, {@code bad_credentials} and {@code unauthenticated} 401, {@code
 * rate_limited} 429 with {@code Retry-After} taken from {@link #retryAfter(String)}, {@code
 * not_found} 404.
 */
public final class AuthErrors {
  /** The username is not 3 to 20 characters of {@code [a-z0-9_]}. */
  public static final String INVALID_USERNAME = "invalid_username";

  /** The password is not 8 to 128 characters. */
  public static final String INVALID_PASSWORD = "invalid_password";

  /** Someone already signed up with this username. */
  public static final String USERNAME_TAKEN = "username_taken";

  /** Unknown username or wrong password: deliberately the same answer for both. */
  public static final String BAD_CREDENTIALS = "bad_credentials";

  /** Too many failed log-ins for this username; the message says when to try again. */
  public static final String RATE_LIMITED = "rate_limited";

  /** The session token is unknown, revoked or expired. */
  public static final String UNAUTHENTICATED = "unauthenticated";

  /**
   * No user has this username (the answer of {@link AuthApi#FIND_USER}); the same code as the
   * store's {@code not_found}, so the web maps both to 404.
   */
  public static final String NOT_FOUND = "not_found";

  private static final Pattern RETRY_AFTER = Pattern.compile("try again in (\\d+) seconds");

  private AuthErrors() {}

  /** {@code username_taken} for this username. */
  public static ServiceError usernameTaken(String username) {
    return new ServiceError(
        USERNAME_TAKEN, "the username '" + username + "' is taken: choose another one");
  }

  /** {@code bad_credentials}, worded so it does not tell whether the user exists. */
  public static ServiceError badCredentials() {
    return new ServiceError(
        BAD_CREDENTIALS, "unknown username or wrong password: check both and try again");
  }

  /**
   * {@code rate_limited}, with the wait rounded up to whole seconds (at least 1) in a form {@link
   * #retryAfter(String)} reads back.
   */
  public static ServiceError rateLimited(Duration retryAfter) {
    return new ServiceError(
        RATE_LIMITED,
        "too many failed log-ins for this username: try again in "
            + wholeSecondsUp(retryAfter)
            + " seconds");
  }

  /** {@code unauthenticated}: the session does not (or no longer) exist. */
  public static ServiceError unauthenticated() {
    return new ServiceError(
        UNAUTHENTICATED, "the session is unknown, revoked or expired: log in again");
  }

  /** {@code not_found} for this username (cut at 40 characters in the message). */
  public static ServiceError userNotFound(String username) {
    String shown =
        username == null || username.length() <= 40 ? username : username.substring(0, 40) + "...";
    return new ServiceError(NOT_FOUND, "No user is named '" + shown + "'.");
  }

  /**
   * How long to wait, read back from the message of a {@code rate_limited} error (for the HTTP
   * {@code Retry-After} header). Empty when the message carries no wait.
   */
  public static Optional<Duration> retryAfter(String message) {
    if (message == null) {
      return Optional.empty();
    }
    Matcher m = RETRY_AFTER.matcher(message);
    return m.find()
        ? Optional.of(Duration.ofSeconds(Long.parseLong(m.group(1))))
        : Optional.empty();
  }

  private static long wholeSecondsUp(Duration d) {
    long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    return Math.max(1, seconds);
  }
}
