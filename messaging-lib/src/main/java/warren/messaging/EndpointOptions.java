package warren.messaging;

/**
 * How one endpoint consumes: prefetch (unacked messages the broker may push to this process),
 * concurrency (most handlers running at once, one channel each; an RPC or stream endpoint opens
 * them as its handlers get busy and closes them after a quiet second), the retry policy for
 * commands and events, and the largest batch a {@link BatchCommandHandler} gets. Immutable; the
 * withers return a copy.
 */
public record EndpointOptions(int prefetch, int concurrency, RetryPolicy retry, int maxBatch) {
  public static final int DEFAULT_PREFETCH = 32;
  public static final int DEFAULT_CONCURRENCY = 4;

  /**
   * Messages a {@link BatchCommandHandler} gets at most at once. Each handler thread holds at most
   * its share of the prefetch, so a batch is also at most {@code prefetch / concurrency}.
   */
  public static final int DEFAULT_MAX_BATCH = 64;

  public EndpointOptions {
    if (prefetch < 1 || prefetch > 65_535) {
      throw new IllegalArgumentException("prefetch must be between 1 and 65535, was " + prefetch);
    }
    if (concurrency < 1 || concurrency > 1_024) {
      throw new IllegalArgumentException(
          "concurrency must be between 1 and 1024, was " + concurrency);
    }
    if (concurrency > prefetch) {
      throw new IllegalArgumentException(
          "concurrency "
              + concurrency
              + " exceeds prefetch "
              + prefetch
              + ": the extra threads would never get a message; raise prefetch or lower concurrency");
    }
    if (retry == null) {
      throw new IllegalArgumentException("retry must not be null: use RetryPolicy.none()");
    }
    if (maxBatch < 1 || maxBatch > 65_535) {
      throw new IllegalArgumentException(
          "maxBatch must be between 1 and 65535, was " + maxBatch + ": 1 handles messages alone");
    }
  }

  /** Options with the {@link #DEFAULT_MAX_BATCH}. */
  public EndpointOptions(int prefetch, int concurrency, RetryPolicy retry) {
    this(prefetch, concurrency, retry, DEFAULT_MAX_BATCH);
  }

  public static EndpointOptions defaults() {
    return new EndpointOptions(
        DEFAULT_PREFETCH, DEFAULT_CONCURRENCY, RetryPolicy.DEFAULT, DEFAULT_MAX_BATCH);
  }

  public EndpointOptions prefetch(int value) {
    return new EndpointOptions(value, Math.min(concurrency, value), retry, maxBatch);
  }

  public EndpointOptions concurrency(int value) {
    return new EndpointOptions(Math.max(prefetch, value), value, retry, maxBatch);
  }

  public EndpointOptions retry(RetryPolicy value) {
    return new EndpointOptions(prefetch, concurrency, value, maxBatch);
  }

  /** The largest batch a {@link BatchCommandHandler} gets; other handlers ignore it. */
  public EndpointOptions maxBatch(int value) {
    return new EndpointOptions(prefetch, concurrency, retry, value);
  }
}
