package warren.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final PasswordHasher fast =
      new PasswordHasher(PasswordHasher.MIN_ITERATIONS, new SecureRandom());

  @Test
  void the_right_password_verifies_and_a_wrong_one_does_not() {
    String hash = fast.hash("correct horse battery staple");
    assertTrue(fast.verify("correct horse battery staple", hash));
    assertFalse(fast.verify("correct horse battery stapler", hash));
    assertFalse(fast.verify("", hash));
  }

  @Test
  void the_hash_names_algorithm_iterations_salt_and_hash_and_never_contains_the_password() {
    String hash = fast.hash("hunter2hunter2");
    String[] parts = hash.split("\\$");
    assertEquals(4, parts.length, hash);
    assertEquals("pbkdf2-sha256", parts[0]);
    assertEquals(String.valueOf(PasswordHasher.MIN_ITERATIONS), parts[1]);
    assertEquals(16, Base64.getDecoder().decode(parts[2]).length);
    assertEquals(32, Base64.getDecoder().decode(parts[3]).length);
    assertFalse(hash.contains("hunter2"));
  }

  @Test
  void the_same_password_hashes_differently_each_time_because_of_the_salt() {
    assertNotEquals(fast.hash("same password"), fast.hash("same password"));
  }

  @Test
  void a_hash_made_with_other_iterations_still_verifies_and_asks_for_a_rehash() {
    PasswordHasher stronger =
        new PasswordHasher(2 * PasswordHasher.MIN_ITERATIONS, new SecureRandom());
    String old = fast.hash("upgrade me please");
    assertTrue(stronger.verify("upgrade me please", old));
    assertTrue(stronger.needsRehash(old));
    assertFalse(stronger.needsRehash(stronger.hash("upgrade me please")));
  }

  @Test
  void the_default_hasher_uses_210000_iterations() {
    PasswordHasher hasher = new PasswordHasher();
    assertEquals(210_000, hasher.iterations());
    String hash = hasher.hash("a real password");
    assertTrue(hash.startsWith("pbkdf2-sha256$210000$"), hash);
    assertTrue(hasher.verify("a real password", hash));
  }

  @Test
  void the_dummy_verify_accepts_any_password_including_a_missing_one() {
    fast.verifyDummy("whatever");
    fast.verifyDummy(null);
  }

  @Test
  void too_few_iterations_are_refused_with_the_minimum_in_the_message() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new PasswordHasher(999, new SecureRandom()));
    assertEquals(
        "password hash iterations must be at least 1000 (default 210000), was 999", e.getMessage());
  }

  @Test
  void a_stored_value_in_another_format_is_reported_not_silently_rejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> fast.verify("pw", "plaintext"));
    assertTrue(
        e.getMessage().startsWith("stored password hash is not in the format"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> fast.verify("pw", "pbkdf2-sha256$many$AAAA$AAAA"));
  }
}
