package warren.contracts.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Notification that a session stopped working (logged out), published by auth on {@link
 * AuthApi#SESSION_ENDED_EXCHANGE} with routing key {@link AuthApi#SESSION_ENDED_KEY} before it
 * answers the log-out, so every web instance drops the session from its cache of checked sessions.
 *
 * @param tokenHash {@link #hashOf} the token: the token itself never goes to every web instance
 */
public record SessionEnded(String tokenHash) {
  /** For the session with this token. */
  public static SessionEnded of(String token) {
    return new SessionEnded(hashOf(token));
  }

  /** The lower-case hex SHA-256 of the token's UTF-8 bytes. */
  public static String hashOf(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
