package warren.messaging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonTest {
  record Post(String id, Instant createdAt) {}

  private final Json json = new Json();

  @Test
  void records_round_trip_with_times_as_iso_8601() {
    Post post = new Post("1", Instant.parse("2026-11-23T10:15:30Z"));
    String text = new String(json.write(post), StandardCharsets.UTF_8);
    assertEquals("{\"id\":\"1\",\"createdAt\":\"2026-11-23T10:15:30Z\"}", text);
    assertEquals(post, json.read(text.getBytes(StandardCharsets.UTF_8), Post.class));
  }

  @Test
  void garbage_and_wrong_shapes_and_null_are_unreadable() {
    for (String body : new String[] {"not json", "{\"nope\":1}", "null", "[1,2]", "{} trailing"}) {
      assertThrows(
          Json.UnreadableMessageException.class,
          () -> json.read(body.getBytes(StandardCharsets.UTF_8), Post.class),
          body);
    }
  }
}
