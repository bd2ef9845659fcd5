package warren.contracts.auth;

/**
 * Request of {@link AuthApi#LOG_OUT}: revoke this session token everywhere.
 *
 * @param token a token from {@link LoggedIn#token()}
 */
public record LogOut(String token) {
  /** Never shows the token, so the request can be logged safely. */
  @Override
  public String toString() {
    return "LogOut[token=<redacted>]";
  }
}
