package warren.contracts.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import warren.messaging.ServiceError;

class CredentialRulesTest {

  @ParameterizedTest
  @ValueSource(strings = {"bob", "alice_01", "a_b", "abcdefghij0123456789", "___"})
  void usernames_of_3_to_20_lower_case_letters_digits_and_underscores_are_accepted(String name) {
    assertTrue(CredentialRules.isValidUsername(name));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {"ab", "abcdefghij0123456789x", "Alice", "al ice", "al-ice", "élodie", "bob\n"})
  void other_usernames_are_refused(String name) {
    assertFalse(CredentialRules.isValidUsername(name));
  }

  @Test
  void password_length_is_counted_in_code_points_not_chars() {
    String eightEmoji = "\uD83D\uDE00".repeat(8); // 8 code points, 16 UTF-16 chars
    assertTrue(CredentialRules.isValidPassword(eightEmoji));
    assertFalse(CredentialRules.isValidPassword("\uD83D\uDE00".repeat(7)));
    assertTrue(CredentialRules.isValidPassword("\uD83D\uDE00".repeat(128)));
    assertFalse(CredentialRules.isValidPassword("\uD83D\uDE00".repeat(129)));
  }

  @Test
  void passwords_of_8_to_128_characters_are_accepted_and_others_refused() {
    assertTrue(CredentialRules.isValidPassword("12345678"));
    assertTrue(CredentialRules.isValidPassword("x".repeat(128)));
    assertFalse(CredentialRules.isValidPassword("1234567"));
    assertFalse(CredentialRules.isValidPassword("x".repeat(129)));
    assertFalse(CredentialRules.isValidPassword(null));
  }

  @Test
  void a_bad_username_is_reported_before_a_bad_password_with_the_rule_in_the_message() {
    ServiceError error =
        assertThrows(
            ServiceError.class, () -> CredentialRules.requireValid(new SignUp("A!", "short")));
    assertEquals(AuthErrors.INVALID_USERNAME, error.code());
    assertEquals(
        "username must be 3 to 20 characters of a-z, 0-9 and _, was 'A!'", error.getMessage());
  }

  @Test
  void a_short_password_is_reported_with_its_length() {
    ServiceError error =
        assertThrows(
            ServiceError.class, () -> CredentialRules.requireValid(new SignUp("alice", "short")));
    assertEquals(AuthErrors.INVALID_PASSWORD, error.code());
    assertEquals("password must be 8 to 128 characters, was 5 characters long", error.getMessage());
  }

  @Test
  void a_valid_sign_up_passes() {
    CredentialRules.requireValid(new SignUp("alice", "correct horse"));
  }
}
