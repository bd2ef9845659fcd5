package warren.contracts.auth;

/**
 * Request of {@link AuthApi#LOG_IN}: open a session for this username if the password matches.
 *
 * @param username the name given at sign-up
 * @param password the password in the clear; the worker only ever compares it with a slow hash
 */
public record LogIn(String username, String password) {
  /** Never shows the password, so the request can be logged safely. */
  @Override
  public String toString() {
    return "LogIn[username=" + username + ", password=<redacted>]";
  }
}
