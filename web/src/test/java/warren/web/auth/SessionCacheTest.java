package warren.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import warren.contracts.auth.User;

class SessionCacheTest {
  private static final User ADA = new User("id-ada", "ada");

  private final AtomicLong now = new AtomicLong(1_000);
  private final SessionCache cache = new SessionCache(Duration.ofSeconds(10), now::get);

  @Test
  void a_checked_session_is_answered_until_its_ttl_is_over() {
    cache.put("h", ADA, cache.generation());
    now.addAndGet(Duration.ofSeconds(10).toNanos() - 1);
    assertEquals(Optional.of(ADA), cache.get("h"));
    now.addAndGet(1);
    assertTrue(cache.get("h").isEmpty());
    assertEquals(0, cache.size(), "the expired entry is gone");
  }

  @Test
  void an_ended_session_is_forgotten() {
    cache.put("h", ADA, cache.generation());
    cache.put("other", ADA, cache.generation());
    cache.forget("h");
    assertTrue(cache.get("h").isEmpty());
    assertEquals(Optional.of(ADA), cache.get("other"));
  }

  @Test
  void a_check_under_way_while_a_session_ended_is_not_kept() {
    long before = cache.generation();
    cache.forget("h"); // auth ended the session while our check was on its way back
    cache.put("h", ADA, before);
    assertTrue(cache.get("h").isEmpty());
  }

  @Test
  void clear_forgets_everything_and_checks_under_way() {
    long before = cache.generation();
    cache.put("a", ADA, before);
    cache.clear();
    cache.put("b", ADA, before);
    assertEquals(0, cache.size());
  }

  @Test
  void a_zero_ttl_keeps_nothing() {
    SessionCache off = new SessionCache(Duration.ZERO, now::get);
    off.put("h", ADA, off.generation());
    assertTrue(off.get("h").isEmpty());
  }
}
