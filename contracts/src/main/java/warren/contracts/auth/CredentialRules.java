package warren.contracts.auth;

import java.util.Optional;
import java.util.regex.Pattern;
import warren.messaging.ServiceError;

/**
 * What makes a username and a password acceptable at sign-up. The auth worker is the authority; the
 * web tier applies the same rules to answer 400 without a round trip.
 */
public final class CredentialRules {
  public static final int USERNAME_MIN_LENGTH = 3;
  public static final int USERNAME_MAX_LENGTH = 20;
  public static final int PASSWORD_MIN_LENGTH = 8;
  public static final int PASSWORD_MAX_LENGTH = 128;

  private static final Pattern USERNAME =
      Pattern.compile("[a-z0-9_]{" + USERNAME_MIN_LENGTH + "," + USERNAME_MAX_LENGTH + "}");

  private CredentialRules() {}

  /** Whether {@code username} is 3 to 20 characters of {@code [a-z0-9_]}. */
  public static boolean isValidUsername(String username) {
    return username != null && USERNAME.matcher(username).matches();
  }

  /** Whether {@code password} is 8 to 128 characters, counted in Unicode code points. */
  public static boolean isValidPassword(String password) {
    if (password == null) {
      return false;
    }
    int length = password.codePointCount(0, password.length());
    return length >= PASSWORD_MIN_LENGTH && length <= PASSWORD_MAX_LENGTH;
  }

  /** The {@code invalid_username} error for this username, if it breaks the rules. */
  public static Optional<ServiceError> usernameProblem(String username) {
    if (isValidUsername(username)) {
      return Optional.empty();
    }
    return Optional.of(
        new ServiceError(
            AuthErrors.INVALID_USERNAME,
            "username must be "
                + USERNAME_MIN_LENGTH
                + " to "
                + USERNAME_MAX_LENGTH
                + " characters of a-z, 0-9 and _, was "
                + describe(username)));
  }

  /** The {@code invalid_password} error for this password, if it breaks the rules. */
  public static Optional<ServiceError> passwordProblem(String password) {
    if (isValidPassword(password)) {
      return Optional.empty();
    }
    String was =
        password == null
            ? "missing"
            : password.codePointCount(0, password.length()) + " characters long";
    return Optional.of(
        new ServiceError(
            AuthErrors.INVALID_PASSWORD,
            "password must be "
                + PASSWORD_MIN_LENGTH
                + " to "
                + PASSWORD_MAX_LENGTH
                + " characters, was "
                + was));
  }

  /**
   * Throws the first problem with a sign-up request, username first.
   *
   * @throws ServiceError {@code invalid_username} or {@code invalid_password}
   */
  public static void requireValid(SignUp request) {
    Optional<ServiceError> problem =
        usernameProblem(request.username()).or(() -> passwordProblem(request.password()));
    if (problem.isPresent()) {
      throw problem.get();
    }
  }

  private static String describe(String username) {
    if (username == null) {
      return "missing";
    }
    // Quote short input so the user sees what was wrong; never echo something huge.
    return username.length() <= 40 ? "'" + username + "'" : username.length() + " characters long";
  }
}
