package warren.web.posts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import warren.web.http.ApiException;

class PostingRateLimitTest {
  @Test
  void the_post_after_the_limit_is_429_with_a_wait_and_other_users_are_not_affected() {
    PostingRateLimit limit = new PostingRateLimit(2, Duration.ofHours(1));
    limit.acquire("ada");
    limit.acquire("ada");
    ApiException refused = assertThrows(ApiException.class, () -> limit.acquire("ada"));
    assertEquals(429, refused.status());
    assertEquals("rate_limited", refused.code());
    assertTrue(refused.retryAfter().isPositive(), refused.retryAfter()::toString);
    assertTrue(refused.retryAfter().compareTo(Duration.ofHours(1)) <= 0);
    limit.acquire("bob");
  }

  @Test
  void a_limit_below_one_is_refused_with_the_variable_name() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new PostingRateLimit(0, Duration.ofMinutes(1)));
    assertTrue(e.getMessage().startsWith("WARREN_POST_RATE_LIMIT"), e::getMessage);
  }
}
