package warren.contracts.auth;

/**
 * Request of {@link AuthApi#CHECK_SESSION}: who holds this session token?
 *
 * @param token a token from {@link LoggedIn#token()}
 */
public record CheckSession(String token) {
  /** Never shows the token, so the request can be logged safely. */
  @Override
  public String toString() {
    return "CheckSession[token=<redacted>]";
  }
}
