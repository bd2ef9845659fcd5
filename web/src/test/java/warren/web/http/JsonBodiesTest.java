package warren.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import warren.contracts.store.Post;
import warren.contracts.store.PostPage;

class JsonBodiesTest {
  private static ApiException refused(String body) {
    return assertThrows(
        ApiException.class,
        () ->
            JsonBodies.readObject(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void bodies_must_be_json_objects_of_at_most_64_KiB() {
    assertEquals("invalid_json", refused("{oops").code());
    assertEquals("invalid_body", refused("[]").code());
    assertEquals("invalid_body", refused("").code());
    ApiException big = refused("{\"a\":\"" + "x".repeat(64 * 1024) + "\"}");
    assertEquals(413, big.status());
    assertEquals("too_large", big.code());
  }

  @Test
  void a_page_of_posts_is_written_as_api_md_shows_it() {
    Post post = new Post("p1", "ada", "hi", Instant.parse("2026-11-27T13:45:01.123456Z"));
    assertEquals(
        "{\"posts\":[{\"id\":\"p1\",\"author\":\"ada\",\"text\":\"hi\","
            + "\"createdAt\":\"2026-11-27T13:45:01.123456Z\"}],\"next\":null}",
        JsonBodies.write(new PostPage(List.of(post), null)));
  }
}
