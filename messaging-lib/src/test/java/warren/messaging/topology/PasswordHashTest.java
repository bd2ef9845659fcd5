package warren.messaging.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

  @Test
  void a_hash_is_four_bytes_of_salt_and_a_sha256_digest_in_base64() {
    assertEquals(4 + 32, Base64.getDecoder().decode(PasswordHash.of("secret")).length);
  }

  @Test
  void a_hash_matches_its_password_and_no_other() {
    String hash = PasswordHash.of("web-dev-password");
    assertTrue(PasswordHash.matches("web-dev-password", hash));
    assertFalse(PasswordHash.matches("web-dev-passwords", hash));
  }

  @Test
  void two_hashes_of_one_password_differ_by_their_salt() {
    assertNotEquals(PasswordHash.of("same"), PasswordHash.of("same"));
  }

  @Test
  void a_hash_made_by_rabbitmq_itself_matches() {
    // Made by `rabbitmqctl add_user warren-hash-probe probe-password` on RabbitMQ 3.10.8 and
    // read back through GET /api/users/warren-hash-probe.
    assertTrue(
        PasswordHash.matches("probe-password", "1IkfoYKOD2H1ucv3xFq0XDoH2MB47yjjvV3KBA47E5GAvbNx"));
  }

  @Test
  void garbage_does_not_match() {
    assertFalse(PasswordHash.matches("x", "not base64!"));
    assertFalse(PasswordHash.matches("x", "AAAA"));
  }
}
