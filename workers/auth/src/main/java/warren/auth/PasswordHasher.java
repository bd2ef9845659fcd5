package warren.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Hashes passwords with PBKDF2-HMAC-SHA256 from the JDK, a random 16-byte salt per password and a
 * high iteration count, into a self-describing string:
 *
 * <pre>pbkdf2-sha256$210000$&lt;salt, base64&gt;$&lt;32-byte hash, base64&gt;</pre>
 *
 * <p>Because the iteration count travels with each hash, it can be raised later: old hashes still
 * verify, and {@link #needsRehash(String)} tells the caller to store a new one at the next
 * successful log-in. Comparison is constant-time.
 *
 * <p>Thread-safe; hashing takes on the order of 100 ms of one core at the default cost, by design.
 */
public final class PasswordHasher {
  /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
  public static final int DEFAULT_ITERATIONS = 210_000;

  /** Low enough for tests, high enough that no one ships it by accident unnoticed. */
  public static final int MIN_ITERATIONS = 1_000;

  static final String ALGORITHM_ID = "pbkdf2-sha256";
  private static final String JCA_ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

  private final int iterations;
  private final SecureRandom random;
  private final String dummyHash;

  /** A hasher at {@link #DEFAULT_ITERATIONS}. */
  public PasswordHasher() {
    this(DEFAULT_ITERATIONS, new SecureRandom());
  }

  /**
   * @param iterations PBKDF2 iterations for new hashes, at least {@link #MIN_ITERATIONS}
   * @param random source of salts
   */
  public PasswordHasher(int iterations, SecureRandom random) {
    if (iterations < MIN_ITERATIONS) {
      throw new IllegalArgumentException(
          "password hash iterations must be at least "
              + MIN_ITERATIONS
              + " (default "
              + DEFAULT_ITERATIONS
              + "), was "
              + iterations);
    }
    this.iterations = iterations;
    this.random = random;
    this.dummyHash = hash("a password no one has: only its cost matters");
  }

  /** The iteration count used for new hashes. */
  public int iterations() {
    return iterations;
  }

  /** A new salted hash of {@code password} in the format above. */
  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = pbkdf2(password, salt, iterations);
    return String.join(
        "$",
        ALGORITHM_ID,
        Integer.toString(iterations),
        B64.encodeToString(salt),
        B64.encodeToString(hash));
  }

  /**
   * Whether {@code password} matches {@code encoded}, compared in constant time.
   *
   * @throws IllegalArgumentException when {@code encoded} is not a hash this class wrote
   */
  public boolean verify(String password, String encoded) {
    Parsed parsed = Parsed.of(encoded);
    byte[] actual = pbkdf2(password, parsed.salt(), parsed.iterations());
    return MessageDigest.isEqual(actual, parsed.hash());
  }

  /**
   * Spends as long as {@link #verify} would, against a hash no password matches. Call it when the
   * user does not exist, so that response time does not reveal which usernames exist.
   */
  public void verifyDummy(String password) {
    verify(password == null ? "" : password, dummyHash);
  }

  /** Whether {@code encoded} was made with other parameters than this hasher's. */
  public boolean needsRehash(String encoded) {
    return Parsed.of(encoded).iterations() != iterations;
  }

  private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
    char[] chars = password.toCharArray();
    PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, HASH_BYTES * 8);
    try {
      return SecretKeyFactory.getInstance(JCA_ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(JCA_ALGORITHM + " is missing from this JDK", e);
    } finally {
      spec.clearPassword();
      Arrays.fill(chars, '\0');
    }
  }

  private record Parsed(int iterations, byte[] salt, byte[] hash) {
    static Parsed of(String encoded) {
      String[] parts = encoded == null ? new String[0] : encoded.split("\\$", -1);
      if (parts.length != 4 || !parts[0].equals(ALGORITHM_ID)) {
        throw new IllegalArgumentException(
            "stored password hash is not in the format "
                + ALGORITHM_ID
                + "$<iterations>$<salt>$<hash>: the users table holds a value this worker did not"
                + " write");
      }
      try {
        return new Parsed(
            Integer.parseInt(parts[1]), B64_DECODER.decode(parts[2]), B64_DECODER.decode(parts[3]));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "stored password hash has a malformed iteration count, salt or hash", e);
      }
    }
  }
}
