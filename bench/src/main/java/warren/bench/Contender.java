package warren.bench;

import java.time.Duration;

/**
 * One way of doing a scenario's work (raw amqp-client, Warren, Spring AMQP...), set up once and
 * then run many times, alternating with the other contenders of its scenario. Not thread-safe: the
 * runner calls one method at a time.
 */
public interface Contender extends AutoCloseable {
  /** The name in the table and in latest.json, for example {@code raw-amqp}. */
  String name();

  /** Runs the workload with {@code inFlight} calls outstanding for {@code duration}. */
  Sample run(int inFlight, Duration duration) throws Exception;

  /**
   * The contender whose throughput this one's ratio is taken against, by name; null for the
   * scenario's first contender. A scenario of unlike workloads ({@code e2e}) pairs each with its
   * own reference.
   */
  default String baseline() {
    return null;
  }

  /** Cleans up between runs (for example purges a queue that filled up). */
  default void afterRun() throws Exception {}

  @Override
  void close() throws Exception;
}
