package warren.messaging.scaling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Guv's deadline model extended with the arrival rate and start-up time: how many replicas one
 * queue needs to keep up with what arrives and to clear its backlog within the target. Pure and
 * stateless; {@link ScalingAdvisor} adds the clamps and the damping.
 *
 * <p>With P the mean processing time, c the replicas' concurrency, T the target, z·σ the tail (p99
 * − P when measured, else Guv's z · 0.5·P), Q the depth (ready + unacked), λ the arrival rate, R
 * the serving replicas and S the start-up time:
 *
 * <pre>
 * A = max(P, T − P − z·σ)          time a replica has to work on the backlog (Guv)
 * μ = c / P                        messages one replica clears per second
 * D = ceil(Q / c)·c + λ·A          messages to handle within A
 * N = ceil(D / (μ·A))              if R·μ·A ≥ D: the serving replicas suffice
 * N = R + ceil((D − R·μ·A) / (μ·max(P, A − S)))   else: new replicas work only after S
 * </pre>
 *
 * With λ = 0, R = 0 and S = 0 this is Guv's {@code ceil(ceil(Q/c)·P / max(P, T − P − z·σ))}.
 * Unacked messages count in Q because their work is not done; a draining replica is never in R.
 */
public final class DeadlineModel {
  private DeadlineModel() {}

  /**
   * One queue's raw estimate, before clamps and damping.
   *
   * @param replicas replicas needed (0 when idle)
   * @param perReplicaRate messages one replica clears per second (μ)
   * @param window seconds a replica has to clear the backlog (A)
   * @param processing the mean processing time used (measured or assumed)
   * @param concurrency the concurrency used
   * @param startup the start-up time used
   * @param reason the estimate in words
   */
  public record Estimate(
      int replicas,
      double perReplicaRate,
      double window,
      Duration processing,
      int concurrency,
      Duration startup,
      String reason) {}

  /** Estimates the replicas {@code load} needs under {@code policy}. */
  public static Estimate estimate(RoleLoad load, ScalingPolicy policy) {
    List<String> assumed = new ArrayList<>();
    Duration processing = load.processingMean();
    if (processing == null || processing.isZero() || processing.isNegative()) {
      processing = policy.assumedProcessing();
      assumed.add("processing " + seconds(processing));
    }
    int concurrency = load.concurrency() > 0 ? load.concurrency() : policy.assumedConcurrency();
    if (load.concurrency() <= 0) {
      assumed.add("concurrency " + concurrency);
    }
    Duration startup = load.startup() != null ? load.startup() : policy.assumedStartup();
    double p = processing.toNanos() / 1e9;
    double tail =
        load.processingP99() != null && load.processingMean() != null
            ? Math.max(0, load.processingP99().toNanos() / 1e9 - p)
            : policy.z() * 0.5 * p;
    double target = policy.target().toNanos() / 1e9;
    double window = Math.max(p, target - p - tail);
    double rate = concurrency / p;
    double s = startup.toNanos() / 1e9;

    long depth = load.depth();
    double rounded = Math.ceil((double) depth / concurrency) * concurrency;
    double demand = rounded + load.arrivalRate() * window;
    int serving = load.serving();
    double perReplica = rate * window;
    int replicas;
    if (demand <= 0) {
      replicas = 0;
    } else if (serving * perReplica >= demand) {
      replicas = ceilInt(demand / perReplica);
    } else {
      double newWindow = Math.max(p, window - s);
      replicas = serving + ceilInt((demand - serving * perReplica) / (rate * newWindow));
    }

    StringBuilder reason = new StringBuilder();
    if (depth == 0 && load.arrivalRate() < 0.005) {
      reason.append("idle: no backlog and nothing arriving");
    } else {
      reason.append(depth == 0 ? "no backlog" : "backlog " + count(depth));
      reason.append(", arriving ").append(rate(load.arrivalRate())).append("/s");
      reason.append(", one replica clears ").append(rate(rate)).append("/s");
      reason.append(": ").append(replicas(replicas));
      String verb = replicas == 1 ? "s" : "";
      reason.append(
          depth == 0
              ? " keep" + verb + " up"
              : " clear" + verb + " it in " + seconds(policy.target()));
      if (replicas > serving && s > 0) {
        reason.append(" (a new one starts in ").append(seconds(startup)).append(")");
      }
    }
    if (!assumed.isEmpty()) {
      reason.append("; not measured yet, assuming ").append(String.join(" and ", assumed));
    }
    return new Estimate(
        replicas, rate, window, processing, concurrency, startup, reason.toString());
  }

  private static int ceilInt(double value) {
    // Rates are sampled: shave floating-point dust so that 4.0000000001 stays 4.
    return (int) Math.min(Integer.MAX_VALUE, Math.ceil(value - 1e-9));
  }

  static String replicas(int n) {
    return n == 1 ? "1 replica" : n + " replicas";
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String rate(double perSecond) {
    if (perSecond >= 10) {
      return String.format(Locale.ROOT, "%,d", Math.round(perSecond));
    }
    String text = String.format(Locale.ROOT, "%.1f", perSecond);
    return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
  }

  static String seconds(Duration d) {
    long millis = d.toMillis();
    if (millis % 1000 == 0) {
      return millis / 1000 + " s";
    }
    return millis >= 1000 ? String.format(Locale.ROOT, "%.1f s", millis / 1000.0) : millis + " ms";
  }
}
