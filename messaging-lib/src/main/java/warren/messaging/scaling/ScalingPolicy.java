package warren.messaging.scaling;

import java.time.Duration;
import java.util.Objects;

/**
 * How one worker role is scaled: the target time within which its backlog should clear, the replica
 * bounds, the stabilisation window before scaling down, and the values assumed until the workers
 * have measured their own. Defaults are Guv's (flowhub/guv) where Guv has one. Immutable; the
 * withers return a copy and every value is checked.
 *
 * @param target time within which practically every queued message should be handled (Guv's
 *     deadline)
 * @param minReplicas never hint fewer
 * @param maxReplicas never hint more
 * @param stabilisation how long the estimate must stay lower before the hint falls
 * @param assumedProcessing mean processing time per message until measured (Guv's P)
 * @param assumedConcurrency messages one replica handles at once until measured
 * @param assumedStartup time from starting a replica to its first message until measured
 * @param z standard normal quantile of the percentile that must meet the target (2.326: 99th)
 */
public record ScalingPolicy(
    Duration target,
    int minReplicas,
    int maxReplicas,
    Duration stabilisation,
    Duration assumedProcessing,
    int assumedConcurrency,
    Duration assumedStartup,
    double z) {
  public static final Duration DEFAULT_TARGET = Duration.ofSeconds(60);
  public static final int DEFAULT_MIN_REPLICAS = 1;
  public static final int DEFAULT_MAX_REPLICAS = 5;

  /** Guv keeps 120 s of history before scaling down. */
  public static final Duration DEFAULT_STABILISATION = Duration.ofSeconds(120);

  public static final Duration DEFAULT_ASSUMED_PROCESSING = Duration.ofSeconds(10);
  public static final int DEFAULT_ASSUMED_CONCURRENCY = 1;

  /** A JVM worker connecting and migrating its schema; measured values replace it. */
  public static final Duration DEFAULT_ASSUMED_STARTUP = Duration.ofSeconds(10);

  /** The 99th percentile, as in Guv. */
  public static final double Z_99 = 2.326;

  public ScalingPolicy {
    positive("target", target);
    positive("assumedProcessing", assumedProcessing);
    positive("stabilisation", stabilisation);
    Objects.requireNonNull(assumedStartup, "assumedStartup");
    if (assumedStartup.isNegative()) {
      throw new IllegalArgumentException(
          "assumedStartup must not be negative, was " + assumedStartup);
    }
    if (minReplicas < 0) {
      throw new IllegalArgumentException("minReplicas must be 0 or more, was " + minReplicas);
    }
    if (maxReplicas < Math.max(1, minReplicas)) {
      throw new IllegalArgumentException(
          "maxReplicas must be at least 1 and at least minReplicas "
              + minReplicas
              + ", was "
              + maxReplicas);
    }
    if (assumedConcurrency < 1) {
      throw new IllegalArgumentException(
          "assumedConcurrency must be 1 or more, was " + assumedConcurrency);
    }
    if (!(z >= 0) || Double.isInfinite(z)) {
      throw new IllegalArgumentException("z must be a finite number >= 0, was " + z);
    }
  }

  /** Guv's defaults: target 60 s, 1 to 5 replicas, P 10 s, concurrency 1, 99th percentile. */
  public static ScalingPolicy defaults() {
    return new ScalingPolicy(
        DEFAULT_TARGET,
        DEFAULT_MIN_REPLICAS,
        DEFAULT_MAX_REPLICAS,
        DEFAULT_STABILISATION,
        DEFAULT_ASSUMED_PROCESSING,
        DEFAULT_ASSUMED_CONCURRENCY,
        DEFAULT_ASSUMED_STARTUP,
        Z_99);
  }

  public ScalingPolicy target(Duration value) {
    return new ScalingPolicy(
        value,
        minReplicas,
        maxReplicas,
        stabilisation,
        assumedProcessing,
        assumedConcurrency,
        assumedStartup,
        z);
  }

  public ScalingPolicy replicas(int min, int max) {
    return new ScalingPolicy(
        target, min, max, stabilisation, assumedProcessing, assumedConcurrency, assumedStartup, z);
  }

  public ScalingPolicy stabilisation(Duration value) {
    return new ScalingPolicy(
        target,
        minReplicas,
        maxReplicas,
        value,
        assumedProcessing,
        assumedConcurrency,
        assumedStartup,
        z);
  }

  public ScalingPolicy assumedProcessing(Duration value) {
    return new ScalingPolicy(
        target,
        minReplicas,
        maxReplicas,
        stabilisation,
        value,
        assumedConcurrency,
        assumedStartup,
        z);
  }

  public ScalingPolicy assumedConcurrency(int value) {
    return new ScalingPolicy(
        target,
        minReplicas,
        maxReplicas,
        stabilisation,
        assumedProcessing,
        value,
        assumedStartup,
        z);
  }

  public ScalingPolicy assumedStartup(Duration value) {
    return new ScalingPolicy(
        target,
        minReplicas,
        maxReplicas,
        stabilisation,
        assumedProcessing,
        assumedConcurrency,
        value,
        z);
  }

  private static void positive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
    }
  }
}
