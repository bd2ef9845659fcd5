package warren.messaging.scaling;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import warren.messaging.management.ManagementClient;

/**
 * The one object a server keeps to answer {@code GET /api/v1/ops/scaling}: it collects the loads,
 * advises (keeping the damping history between calls, so keep one instance for the process's life)
 * and updates the gauges.
 *
 * <pre>{@code
 * ScalingHints scaling = ScalingHints.builder(management, "warren").meterRegistry(registry).build();
 * List<ScalingHint> rows = scaling.refresh(); // serialize with Jackson: API.md's shape
 * }</pre>
 *
 * Thread-safe: {@link #refresh()} is serialized.
 */
public final class ScalingHints {
  private final LoadCollector collector;
  private final ScalingAdvisor advisor;
  private final ScalingGauges gauges;

  private ScalingHints(Builder b) {
    this.collector = new LoadCollector(b.management, b.vhost, b.metricsOf, b.services);
    this.advisor = new ScalingAdvisor(b.policies, b.clock);
    this.gauges = b.registry == null ? null : new ScalingGauges(b.registry, advisor);
  }

  /** Starts a builder for the workers of {@code vhost}, seen through {@code management}. */
  public static Builder builder(ManagementClient management, String vhost) {
    return new Builder(management, vhost);
  }

  /** Reads the broker and the workers now and returns one damped hint per worker role. */
  public synchronized List<ScalingHint> refresh() {
    List<ScalingHint> hints = advisor.advise(collector.collect());
    if (gauges != null) {
      gauges.refresh();
    }
    return hints;
  }

  /** The advisor, for its latest assessments (the inputs behind each hint). */
  public ScalingAdvisor advisor() {
    return advisor;
  }

  /** Builds {@link ScalingHints}; not thread-safe. */
  public static final class Builder {
    private final ManagementClient management;
    private final String vhost;
    private Function<String, List<URI>> metricsOf = service -> List.of();
    private Set<String> services = Set.of();
    private Function<String, ScalingPolicy> policies = service -> ScalingPolicy.defaults();
    private Clock clock = Clock.systemUTC();
    private MeterRegistry registry;

    private Builder(ManagementClient management, String vhost) {
      this.management = Objects.requireNonNull(management, "management");
      this.vhost = Objects.requireNonNull(vhost, "vhost");
    }

    /**
     * The {@code /metrics} URLs of a role's replicas, for measured processing times; without it the
     * policy's assumed values are used and the reasons say so.
     */
    public Builder metricsOf(Function<String, List<URI>> value) {
      this.metricsOf = Objects.requireNonNull(value, "metricsOf");
      return this;
    }

    /** Fixed {@code /metrics} URLs by role. */
    public Builder metrics(Map<String, List<URI>> byService) {
      Map<String, List<URI>> copy = Map.copyOf(byService);
      return metricsOf(service -> copy.getOrDefault(service, List.of()));
    }

    /** Only these roles (default: every role with a worker queue). */
    public Builder services(Set<String> value) {
      this.services = Set.copyOf(value);
      return this;
    }

    /** One policy for every role (default {@link ScalingPolicy#defaults()}). */
    public Builder policy(ScalingPolicy value) {
      Objects.requireNonNull(value, "policy");
      return policies(service -> value);
    }

    /** A policy per role. */
    public Builder policies(Function<String, ScalingPolicy> value) {
      this.policies = Objects.requireNonNull(value, "policies");
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** Registers the {@code warren_scaling_*} gauges there. */
    public Builder meterRegistry(MeterRegistry value) {
      this.registry = value;
      return this;
    }

    public ScalingHints build() {
      return new ScalingHints(this);
    }
  }
}
