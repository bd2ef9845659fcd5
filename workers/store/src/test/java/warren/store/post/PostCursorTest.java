package warren.store.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PostCursorTest {
  @Test
  void a_cursor_decodes_to_the_time_and_id_it_was_made_from() {
    PostCursor cursor =
        new PostCursor(Instant.parse("2026-03-01T10:15:30.123456Z"), "0195f0c8-7e4b-7a1c-9d2e-1");
    assertEquals(cursor, PostCursor.decode(cursor.encode()));
  }

  @Test
  void times_before_1970_and_ids_with_colons_survive() {
    PostCursor cursor = new PostCursor(Instant.parse("1969-12-31T23:59:59.999999Z"), "a:b:c");
    assertEquals(cursor, PostCursor.decode(cursor.encode()));
  }

  @Test
  void the_encoded_form_is_url_safe_and_unpadded() {
    String encoded = new PostCursor(Instant.parse("2026-03-01T10:15:30Z"), "id?/+").encode();
    assertTrue(encoded.matches("[A-Za-z0-9_-]+"), encoded);
    assertFalse(encoded.contains("="));
  }

  @Test
  void nanoseconds_below_a_microsecond_are_dropped_like_postgresql_does() {
    PostCursor cursor = new PostCursor(Instant.parse("2026-03-01T10:15:30.123456789Z"), "p");
    assertEquals(
        Instant.parse("2026-03-01T10:15:30.123456Z"),
        PostCursor.decode(cursor.encode()).createdAt());
  }

  @Test
  void garbage_is_rejected_with_a_reason() {
    assertThrows(IllegalArgumentException.class, () -> PostCursor.decode("not base64!"));
    assertThrows(IllegalArgumentException.class, () -> PostCursor.decode(encode("2:1:p")));
    assertThrows(IllegalArgumentException.class, () -> PostCursor.decode(encode("1:soon:p")));
    assertThrows(IllegalArgumentException.class, () -> PostCursor.decode(encode("1:123:")));
    assertThrows(IllegalArgumentException.class, () -> PostCursor.decode(encode("1:123")));
    assertThrows(IllegalArgumentException.class, () -> PostCursor.decode(""));
  }

  private static String encode(String plain) {
    return Base64.getUrlEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }
}
