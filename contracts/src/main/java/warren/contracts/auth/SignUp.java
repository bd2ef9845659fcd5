package warren.contracts.auth;

/**
 * Request of {@link AuthApi#SIGN_UP}: create a user with this username and password.
 *
 * @param username 3 to 20 characters of {@code [a-z0-9_]}
 * @param password 8 to 128 characters (Unicode code points)
 */
public record SignUp(String username, String password) {
  /** Never shows the password, so the request can be logged safely. */
  @Override
  public String toString() {
    return "SignUp[username=" + username + ", password=<redacted>]";
  }
}
