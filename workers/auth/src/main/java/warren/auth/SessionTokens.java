package warren.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes session tokens and the digests that are stored in their place.
 *
 * <p>A token is 256 bits from {@link SecureRandom}, base64url without padding (43 characters). Only
 * its SHA-256 is stored: a copy of the sessions table lets no one log in. A plain hash suffices (no
 * salt, no slow hash) because the token is random and long, not chosen by a person.
 *
 * <p>Thread-safe.
 */
public final class SessionTokens {
  static final int TOKEN_BYTES = 32;

  /** Longer than any token this class makes; anything longer is refused without hashing. */
  static final int MAX_TOKEN_LENGTH = 64;

  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private final SecureRandom random;

  public SessionTokens(SecureRandom random) {
    this.random = random;
  }

  /** A new random token, to be given to the client once. */
  public String newToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    return B64URL.encodeToString(bytes);
  }

  /** Whether {@code token} could be one of ours at all; cheap, checked before any lookup. */
  public static boolean isPlausible(String token) {
    return token != null && !token.isEmpty() && token.length() <= MAX_TOKEN_LENGTH;
  }

  /** The SHA-256 of the token's UTF-8 bytes: what the sessions table keys on. */
  public static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
