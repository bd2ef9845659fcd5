package warren.contracts.auth;

/**
 * Reply of {@link AuthApi#LOG_IN}.
 *
 * @param token the session token (256 random bits, base64url without padding); given out this once,
 *     the worker keeps only its SHA-256
 * @param user who is now logged in
 */
public record LoggedIn(String token, User user) {
  /** Never shows the token, so the reply can be logged safely. */
  @Override
  public String toString() {
    return "LoggedIn[token=<redacted>, user=" + user + "]";
  }
}
