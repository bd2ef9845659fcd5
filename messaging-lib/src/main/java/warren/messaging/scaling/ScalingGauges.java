package warren.messaging.scaling;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The hints as Prometheus gauges, labelled by service, read from a {@link ScalingAdvisor}'s latest
 * assessments: {@code warren_scaling_desired_replicas}, {@code warren_scaling_estimated_replicas}
 * (before damping and clamps), {@code warren_scaling_queue_depth}, {@code
 * warren_scaling_arrival_rate}, {@code warren_scaling_processing_seconds}, {@code
 * warren_scaling_replica_rate} (messages one replica clears per second), {@code
 * warren_scaling_consumers} and {@code warren_scaling_startup_seconds}. A role's gauges appear the
 * first time it is assessed; call {@link #refresh()} after each {@code advise}. Thread-safe.
 */
public final class ScalingGauges {
  private final MeterRegistry registry;
  private final ScalingAdvisor advisor;
  private final Set<String> registered = ConcurrentHashMap.newKeySet();

  public ScalingGauges(MeterRegistry registry, ScalingAdvisor advisor) {
    this.registry = registry;
    this.advisor = advisor;
    refresh();
  }

  /** Registers the gauges of roles assessed since the last call. */
  public void refresh() {
    for (String service : advisor.assessments().keySet()) {
      if (registered.add(service)) {
        register(service);
      }
    }
  }

  private void register(String service) {
    gauge(
        service,
        "warren.scaling.desired.replicas",
        "Replicas the role should run",
        null,
        a -> a.hint().desiredReplicas());
    gauge(
        service,
        "warren.scaling.estimated.replicas",
        "Replicas the deadline model asks for, before clamps and damping",
        null,
        a -> a.estimate().replicas());
    gauge(
        service,
        "warren.scaling.queue.depth",
        "Ready plus unacked messages of the deciding queue",
        null,
        a -> a.load().depth());
    gauge(
        service,
        "warren.scaling.arrival.rate",
        "Messages published per second into the deciding queue",
        null,
        a -> a.load().arrivalRate());
    gauge(
        service,
        "warren.scaling.processing",
        "Mean processing time per message",
        "seconds",
        a -> a.estimate().processing().toNanos() / 1e9);
    gauge(
        service,
        "warren.scaling.replica.rate",
        "Messages one replica clears per second",
        null,
        a -> a.estimate().perReplicaRate());
    gauge(
        service,
        "warren.scaling.consumers",
        "Consumers of the deciding queue",
        null,
        a -> a.load().consumers());
    gauge(
        service,
        "warren.scaling.startup",
        "Time a new replica takes to start",
        "seconds",
        a -> a.estimate().startup().toNanos() / 1e9);
  }

  private void gauge(
      String service,
      String name,
      String description,
      String unit,
      ToDoubleFunction<ScalingAdvisor.Assessment> value) {
    Gauge.builder(
            name,
            () -> {
              Map<String, ScalingAdvisor.Assessment> all = advisor.assessments();
              ScalingAdvisor.Assessment a = all.get(service);
              return a == null ? Double.NaN : value.applyAsDouble(a);
            })
        .description(description)
        .baseUnit(unit)
        .tag("service", service)
        .register(registry);
  }
}
