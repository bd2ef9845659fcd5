package warren.store.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import warren.contracts.store.Post;
import warren.contracts.store.PostPage;
import warren.contracts.store.StoreApi;
import warren.messaging.ServiceError;

class PageRequestTest {
  @Test
  void no_limit_means_twenty_and_no_cursor_means_the_newest() {
    assertEquals(new PageRequest(20, Optional.empty()), PageRequest.of(null, null));
    assertEquals(new PageRequest(20, Optional.empty()), PageRequest.of(null, " "));
  }

  @Test
  void limits_outside_1_to_100_are_invalid_limit() {
    for (int limit : new int[] {0, -1, 101}) {
      ServiceError error = assertThrows(ServiceError.class, () -> PageRequest.of(limit, null));
      assertEquals(StoreApi.INVALID_LIMIT, error.code());
    }
    assertEquals(100, PageRequest.of(100, null).limit());
    assertEquals(1, PageRequest.of(1, null).limit());
  }

  @Test
  void a_cursor_not_made_by_the_store_is_invalid_cursor() {
    ServiceError error = assertThrows(ServiceError.class, () -> PageRequest.of(5, "bogus"));
    assertEquals(StoreApi.INVALID_CURSOR, error.code());
  }

  @Test
  void a_full_extra_row_means_a_next_page_after_the_last_post_shown() {
    PageRequest request = PageRequest.of(3, null);
    List<Post> rows = posts(4);
    PostPage page = request.toPage(rows);
    assertEquals(rows.subList(0, 3), page.posts());
    PostCursor next = PostCursor.decode(page.next());
    assertEquals(rows.get(2).id(), next.id());
    assertEquals(rows.get(2).createdAt(), next.createdAt());
  }

  @Test
  void no_extra_row_means_the_last_page() {
    PostPage page = PageRequest.of(3, null).toPage(posts(3));
    assertEquals(3, page.posts().size());
    assertNull(page.next());
  }

  private static List<Post> posts(int count) {
    Instant now = Instant.parse("2026-03-01T10:00:00Z");
    return IntStream.range(0, count)
        .mapToObj(i -> new Post("p" + i, "alice", "text " + i, now.minusSeconds(i)))
        .toList();
  }
}
