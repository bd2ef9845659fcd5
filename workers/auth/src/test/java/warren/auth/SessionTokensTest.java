package warren.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionTokensTest {
  private final SessionTokens tokens = new SessionTokens(new SecureRandom());

  @Test
  void a_token_is_256_random_bits_in_url_safe_base64_without_padding() {
    String token = tokens.newToken();
    assertEquals(43, token.length());
    assertTrue(token.matches("[A-Za-z0-9_-]+"), token);
    assertEquals(32, Base64.getUrlDecoder().decode(token).length);
  }

  @Test
  void tokens_do_not_repeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      assertTrue(seen.add(tokens.newToken()));
    }
  }

  @Test
  void the_stored_digest_is_the_sha256_of_the_token_and_is_stable() {
    String token = tokens.newToken();
    assertEquals(32, SessionTokens.digest(token).length);
    assertArrayEquals(SessionTokens.digest(token), SessionTokens.digest(token));
  }

  @Test
  void empty_missing_or_oversized_tokens_are_not_plausible() {
    assertFalse(SessionTokens.isPlausible(null));
    assertFalse(SessionTokens.isPlausible(""));
    assertFalse(SessionTokens.isPlausible("x".repeat(65)));
    assertTrue(SessionTokens.isPlausible(tokens.newToken()));
  }
}
