package warren.contracts.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class PostIdsTest {
  @Test
  void new_ids_are_version_7_uuids_that_sort_by_time() {
    Random random = new Random(42);
    String earlier = idAt(Instant.parse("2026-01-01T00:00:00Z"), random);
    String later = idAt(Instant.parse("2026-01-01T00:00:00.001Z"), random);

    UUID uuid = UUID.fromString(earlier);
    assertEquals(7, uuid.version());
    assertEquals(2, uuid.variant());
    assertEquals(
        Instant.parse("2026-01-01T00:00:00Z").toEpochMilli(), uuid.getMostSignificantBits() >>> 16);
    assertTrue(earlier.compareTo(later) < 0, earlier + " should sort before " + later);
  }

  @Test
  void two_ids_in_the_same_millisecond_differ() {
    PostIds ids = new PostIds(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), new Random(1));
    assertNotEquals(ids.newId(), ids.newId());
  }

  @Test
  void ids_drawn_on_many_threads_at_once_from_per_thread_secure_randoms_never_repeat()
      throws Exception {
    PostIds ids =
        new PostIds(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), PostIds.secureRandomPerThread());
    Set<String> seen = ConcurrentHashMap.newKeySet();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; i < 1_000; i++) {
                      seen.add(ids.newId());
                    }
                  }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(8_000, seen.size());
  }

  @Test
  void the_same_idempotency_key_from_the_same_user_names_the_same_post() {
    assertEquals(
        PostIds.forIdempotencyKey("user-1", "key-1"), PostIds.forIdempotencyKey("user-1", "key-1"));
  }

  @Test
  void another_user_or_another_key_names_another_post() {
    String id = PostIds.forIdempotencyKey("user-1", "key-1");
    assertNotEquals(id, PostIds.forIdempotencyKey("user-2", "key-1"));
    assertNotEquals(id, PostIds.forIdempotencyKey("user-1", "key-2"));
    assertNotEquals(PostIds.forIdempotencyKey("a:b", "c"), PostIds.forIdempotencyKey("a", "b:c"));
  }

  private static String idAt(Instant instant, Random random) {
    return new PostIds(Clock.fixed(instant, ZoneOffset.UTC), random).newId();
  }
}
