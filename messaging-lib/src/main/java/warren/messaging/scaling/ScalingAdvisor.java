package warren.messaging.scaling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Turns loads into damped hints, one per worker role: estimates every queue of the role with the
 * {@link DeadlineModel}, keeps the queue that needs the most replicas, clamps to the policy's
 * bounds, then damps. Up at once; down only to the highest estimate of the last stabilisation
 * window, and only once the role has been watched for a whole window, so a noisy input never flaps
 * and a burst that has just ended keeps its replicas until the window passes.
 *
 * <p>Stateful (the history of estimates per role); {@link #advise} is synchronized, {@link
 * #assessments()} may be read from any thread (gauges, HTTP).
 */
public final class ScalingAdvisor {
  private final Function<String, ScalingPolicy> policies;
  private final Clock clock;
  private final Map<String, RoleState> roles = new LinkedHashMap<>();
  private final Map<String, Assessment> latest = new ConcurrentHashMap<>();

  /**
   * @param policies the policy of each role (by service name)
   * @param clock the time the window is measured in; tests pass a fixed or stepped clock
   */
  public ScalingAdvisor(Function<String, ScalingPolicy> policies, Clock clock) {
    this.policies = Objects.requireNonNull(policies, "policies");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** One policy for every role. */
  public ScalingAdvisor(ScalingPolicy policy, Clock clock) {
    this(service -> policy, clock);
  }

  /**
   * The hint of everything a role decided, with the inputs for gauges.
   *
   * @param hint the API row
   * @param load the deciding queue's inputs
   * @param estimate the model's raw estimate for that queue
   * @param policy the role's policy
   */
  public record Assessment(
      ScalingHint hint, RoleLoad load, DeadlineModel.Estimate estimate, ScalingPolicy policy) {}

  /**
   * Advises on the given loads (any number of queues per role) and returns one hint per role, in
   * order of first appearance. Roles absent from {@code loads} keep their history.
   */
  public synchronized List<ScalingHint> advise(List<RoleLoad> loads) {
    Instant now = clock.instant();
    Map<String, List<RoleLoad>> byService = new LinkedHashMap<>();
    for (RoleLoad load : loads) {
      byService.computeIfAbsent(load.service(), s -> new ArrayList<>()).add(load);
    }
    List<ScalingHint> hints = new ArrayList<>();
    byService.forEach(
        (service, queues) -> {
          ScalingPolicy policy = policies.apply(service);
          RoleLoad deciding = null;
          DeadlineModel.Estimate best = null;
          for (RoleLoad load : queues) {
            DeadlineModel.Estimate estimate = DeadlineModel.estimate(load, policy);
            if (best == null
                || estimate.replicas() > best.replicas()
                || (estimate.replicas() == best.replicas() && load.depth() > deciding.depth())) {
              best = estimate;
              deciding = load;
            }
          }
          RoleState state =
              roles.computeIfAbsent(service, s -> new RoleState(now, queues.getFirst()));
          ScalingHint hint = state.decide(now, deciding, best, policy);
          latest.put(service, new Assessment(hint, deciding, best, policy));
          hints.add(hint);
        });
    return hints;
  }

  /** The last assessment of every role seen, by service. */
  public Map<String, Assessment> assessments() {
    return Map.copyOf(latest);
  }

  /** Forgets a role's history (for example after an operator scaled it by hand). */
  public synchronized void reset(String service) {
    roles.remove(service);
    latest.remove(service);
  }

  /** The damping of one role: its current hint and the estimates of the last window. */
  private static final class RoleState {
    private final Instant watchedSince;
    private final Deque<Sample> window = new ArrayDeque<>();
    private int desired;

    RoleState(Instant now, RoleLoad first) {
      this.watchedSince = now;
      // Without history, assume what runs now is what was wanted: never scale down on sight.
      this.desired = Math.max(0, first.serving());
    }

    ScalingHint decide(
        Instant now, RoleLoad load, DeadlineModel.Estimate estimate, ScalingPolicy policy) {
      int needed = estimate.replicas();
      int clamped = Math.clamp(needed, policy.minReplicas(), policy.maxReplicas());
      desired = Math.clamp(desired, policy.minReplicas(), policy.maxReplicas());
      Instant horizon = now.minus(policy.stabilisation());
      window.addLast(new Sample(now, clamped));
      while (window.getFirst().at().isBefore(horizon)) {
        window.removeFirst();
      }
      StringBuilder reason = new StringBuilder(estimate.reason());
      if (needed > policy.maxReplicas()) {
        reason
            .append("; capped at the maximum of ")
            .append(policy.maxReplicas())
            .append(": the target will be missed");
      } else if (needed < policy.minReplicas() && policy.minReplicas() > 0) {
        reason.append("; kept at the minimum of ").append(policy.minReplicas());
      }
      if (clamped >= desired) {
        desired = clamped;
      } else {
        int highest =
            window.stream().max(Comparator.comparingInt(Sample::replicas)).get().replicas();
        boolean watchedLongEnough = !watchedSince.isAfter(horizon);
        int lowered = watchedLongEnough ? Math.max(highest, clamped) : desired;
        if (lowered < desired) {
          desired = lowered;
        }
        if (clamped < desired) {
          Duration lowFor = lowFor(desired);
          reason
              .append("; holding ")
              .append(desired)
              .append(" until the estimate has stayed lower for ")
              .append(DeadlineModel.seconds(policy.stabilisation()))
              .append(" (")
              .append(DeadlineModel.seconds(Duration.ofSeconds(lowFor.toSeconds())))
              .append(" so far)");
        }
      }
      if (load.draining() > 0) {
        reason
            .append("; ")
            .append(
                load.draining() == 1
                    ? "1 draining replica"
                    : load.draining() + " draining replicas")
            .append(" not counted");
      }
      return new ScalingHint(
          load.service(),
          load.queue(),
          load.depth(),
          load.consumers(),
          round(load.arrivalRate(), 2),
          round(estimate.processing().toNanos() / 1e6, 1),
          desired,
          reason.toString());
    }

    /** How long the estimates have been below {@code level}, within the window. */
    private Duration lowFor(int level) {
      Instant since = null;
      for (Sample sample : window) {
        if (sample.replicas() >= level) {
          since = null;
        } else if (since == null) {
          since = sample.at();
        }
      }
      return since == null ? Duration.ZERO : Duration.between(since, window.getLast().at());
    }
  }

  private record Sample(Instant at, int replicas) {}

  private static double round(double value, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }
}
