package warren.messaging.scaling;

import java.time.Duration;
import java.util.Objects;

/**
 * What one queue of a worker role looks like right now: the inputs of the deadline model. Values a
 * worker has not measured yet are null (durations) or 0 (concurrency); the model then uses the
 * policy's assumed values and says so in its reason.
 *
 * @param service the worker role that consumes the queue, e.g. {@code store}
 * @param queue the queue, e.g. {@code store.create-post}
 * @param ready messages waiting for a consumer
 * @param unacked messages delivered and not yet acknowledged: work in flight, still to finish
 * @param arrivalRate messages published into the queue per second
 * @param consumers consumers the broker lists on the queue (draining replicas have cancelled
 *     theirs)
 * @param processingMean mean handling time of one message, or null when not measured
 * @param processingP99 99th percentile of it, or null when not measured
 * @param concurrency messages one replica handles at once, or 0 when not known
 * @param startup time from starting a replica until it takes messages, or null when not measured
 * @param replicas replicas serving the queue now (starting ones not yet serving excluded), or -1 to
 *     take {@code consumers}
 * @param draining replicas finishing their last messages before they exit: never capacity
 */
public record RoleLoad(
    String service,
    String queue,
    long ready,
    long unacked,
    double arrivalRate,
    int consumers,
    Duration processingMean,
    Duration processingP99,
    int concurrency,
    Duration startup,
    int replicas,
    int draining) {

  public RoleLoad {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(queue, "queue");
    if (ready < 0 || unacked < 0 || consumers < 0 || concurrency < 0 || draining < 0) {
      throw new IllegalArgumentException("counts must not be negative: " + queue);
    }
    if (!(arrivalRate >= 0) || Double.isInfinite(arrivalRate)) {
      arrivalRate = 0;
    }
  }

  /** A queue with only depth and rate known, as the management API alone tells it. */
  public static RoleLoad of(String service, String queue, long depth, double arrivalRate) {
    return new RoleLoad(service, queue, depth, 0, arrivalRate, 0, null, null, 0, null, -1, 0);
  }

  /** Ready plus unacknowledged: everything still to be handled. */
  public long depth() {
    return ready + unacked;
  }

  /** Replicas that count as capacity now. */
  public int serving() {
    if (replicas >= 0) {
      return replicas;
    }
    // Without a count of replicas (LoadCollector counts their connections), the consumers over
    // the concurrency: a busy replica consumes on one channel per handler.
    return concurrency > 0 ? (consumers + concurrency - 1) / concurrency : consumers;
  }

  public RoleLoad withProcessing(Duration mean, Duration p99) {
    return new RoleLoad(
        service,
        queue,
        ready,
        unacked,
        arrivalRate,
        consumers,
        mean,
        p99,
        concurrency,
        startup,
        replicas,
        draining);
  }

  public RoleLoad withConcurrency(int value) {
    return new RoleLoad(
        service,
        queue,
        ready,
        unacked,
        arrivalRate,
        consumers,
        processingMean,
        processingP99,
        value,
        startup,
        replicas,
        draining);
  }

  public RoleLoad withStartup(Duration value) {
    return new RoleLoad(
        service,
        queue,
        ready,
        unacked,
        arrivalRate,
        consumers,
        processingMean,
        processingP99,
        concurrency,
        value,
        replicas,
        draining);
  }

  /** The replica counts a supervisor knows better than the broker's consumer count. */
  public RoleLoad withReplicas(int serving, int drainingReplicas) {
    return new RoleLoad(
        service,
        queue,
        ready,
        unacked,
        arrivalRate,
        consumers,
        processingMean,
        processingP99,
        concurrency,
        startup,
        serving,
        drainingReplicas);
  }
}
