package warren.messaging.topology;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Password hashes the way RabbitMQ stores them with {@code rabbit_password_hashing_sha256}: {@code
 * base64(salt ++ sha256(salt ++ utf8(password)))} with a 4-byte random salt. A definitions file
 * carries such hashes so it never holds a clear-text password.
 */
public final class PasswordHash {
  /** The value of {@code hashing_algorithm} that goes with these hashes. */
  public static final String ALGORITHM = "rabbit_password_hashing_sha256";

  private static final int SALT_BYTES = 4;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHash() {}

  /** A new hash of the password with a fresh random salt. */
  public static String of(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return Base64.getEncoder().encodeToString(concat(salt, sha256(salt, password)));
  }

  /** Whether the hash (as {@link #of} makes it) is the hash of this password. */
  public static boolean matches(String password, String hash) {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(hash);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (decoded.length <= SALT_BYTES) {
      return false;
    }
    byte[] salt = Arrays.copyOf(decoded, SALT_BYTES);
    byte[] digest = Arrays.copyOfRange(decoded, SALT_BYTES, decoded.length);
    return MessageDigest.isEqual(digest, sha256(salt, password));
  }

  private static byte[] sha256(byte[] salt, String password) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt);
      return sha.digest(password.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }
}
