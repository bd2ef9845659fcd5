package warren.web.auth;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import warren.contracts.auth.User;

/**
 * Sessions auth confirmed lately, by token hash ({@link
 * warren.contracts.auth.SessionEnded#hashOf}), so that a user's requests do not each ask auth. An
 * entry lives {@code ttl} at most (the bound on how late an expiry is noticed) and goes at once
 * when auth says the session ended ({@link #forget}).
 *
 * <p>A check that was under way while a session ended must not bring it back: {@link #put} takes
 * the {@link #generation()} read before asking auth and stores nothing if any session ended since.
 * Thread-safe.
 */
final class SessionCache {
  /** Most entries; beyond, expired ones are swept and, if still full, new ones are not kept. */
  static final int MAX_ENTRIES = 50_000;

  private record Entry(User user, long expiresAtNanos) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();
  private final long ttlNanos;
  private final LongSupplier nanoTime;

  /**
   * @param ttl how long an entry is used; zero keeps nothing (every request asks auth)
   */
  SessionCache(Duration ttl, LongSupplier nanoTime) {
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("session cache TTL must not be negative, was " + ttl);
    }
    this.ttlNanos = ttl.toNanos();
    this.nanoTime = nanoTime;
  }

  /** Counts ended sessions; read it before asking auth, hand it to {@link #put}. */
  long generation() {
    return generation.get();
  }

  Optional<User> get(String tokenHash) {
    Entry e = entries.get(tokenHash);
    if (e == null) {
      return Optional.empty();
    }
    if (nanoTime.getAsLong() - e.expiresAtNanos >= 0) {
      entries.remove(tokenHash, e);
      return Optional.empty();
    }
    return Optional.of(e.user());
  }

  /** Keeps what auth answered, unless a session ended since {@code generation} was read. */
  void put(String tokenHash, User user, long generation) {
    if (ttlNanos == 0) {
      return;
    }
    if (entries.size() >= MAX_ENTRIES) {
      long now = nanoTime.getAsLong();
      entries.values().removeIf(e -> now - e.expiresAtNanos >= 0);
      if (entries.size() >= MAX_ENTRIES) {
        return;
      }
    }
    entries.put(tokenHash, new Entry(user, nanoTime.getAsLong() + ttlNanos));
    // An end counted after the put removes the entry itself; one counted between the caller's read
    // and the put may have missed it, so take the entry out again.
    if (this.generation.get() != generation) {
      entries.remove(tokenHash);
    }
  }

  /** The session ended: never answer from the cache for it again. */
  void forget(String tokenHash) {
    generation.incrementAndGet();
    entries.remove(tokenHash);
  }

  /** Forgets everything (when notifications of ended sessions may have been missed). */
  void clear() {
    generation.incrementAndGet();
    entries.clear();
  }

  int size() {
    return entries.size();
  }
}
