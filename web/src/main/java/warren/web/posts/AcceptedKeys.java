package warren.web.posts;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The post ids this instance recently answered 202 for with an {@code Idempotency-Key}, so that a
 * client retrying the same key gets its id again instead of a 429 after using up its rate limit:
 * the retry creates nothing, so it costs no permit. Bounded (least recently used out); a retry that
 * lands on another instance or after eviction just takes a permit. Thread-safe.
 */
final class AcceptedKeys {
  static final int CAPACITY = 10_000;

  private final Map<String, Boolean> ids =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > CAPACITY;
        }
      };

  synchronized boolean contains(String postId) {
    return ids.containsKey(postId);
  }

  synchronized void add(String postId) {
    ids.put(postId, Boolean.TRUE);
  }
}
