package warren.messaging.internal;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Message and trace ids, unique without a round trip to the operating system's random source:
 * UUID-shaped strings whose first half is drawn once per process from {@link SecureRandom} and
 * whose second half counts up from a random start. Two processes collide only if they draw the same
 * 64 bits; one process never repeats an id. {@code UUID.randomUUID()} cost about a microsecond per
 * id under a lock shared by every thread, twice per call. Thread-safe.
 */
public final class MessageIds {
  private static final SecureRandom SEED = new SecureRandom();
  private static final long PROCESS = SEED.nextLong();
  private static final AtomicLong SEQUENCE = new AtomicLong(SEED.nextLong());

  private MessageIds() {}

  /** A new id, for example {@code 3f2a9c1e-77b0-4d12-8e5a-0c94d1b2e3f4}. */
  public static String next() {
    return new UUID(PROCESS, SEQUENCE.getAndIncrement()).toString();
  }
}
