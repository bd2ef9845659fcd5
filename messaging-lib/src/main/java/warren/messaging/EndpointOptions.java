package warren.messaging;

/**
 * How one endpoint consumes: prefetch (unacked messages the broker may push to this process),
 * concurrency (handler threads), and the retry policy for commands and events. Immutable; the
 * withers return a copy.
 */
public record EndpointOptions(int prefetch, int concurrency, RetryPolicy retry) {
  public static final int DEFAULT_PREFETCH = 32;
  public static final int DEFAULT_CONCURRENCY = 4;

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
  }

  public static EndpointOptions defaults() {
    return new EndpointOptions(DEFAULT_PREFETCH, DEFAULT_CONCURRENCY, RetryPolicy.DEFAULT);
  }

  public EndpointOptions prefetch(int value) {
    return new EndpointOptions(value, Math.min(concurrency, value), retry);
  }

  public EndpointOptions concurrency(int value) {
    return new EndpointOptions(Math.max(prefetch, value), value, retry);
  }

  public EndpointOptions retry(RetryPolicy value) {
    return new EndpointOptions(prefetch, concurrency, value);
  }
}
