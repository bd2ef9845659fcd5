package warren.messaging.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import warren.messaging.EndpointOptions;

/**
 * What scaling hints need from a worker besides its processing times ({@link DeliveryMetrics}):
 * {@code warren_endpoint_concurrency} (handler threads per endpoint, so one replica's rate is
 * concurrency / processing time) and {@code warren_process_startup_seconds} (JVM start to its first
 * consumer, the time a new replica takes before it helps).
 */
public final class ScalingMetrics {
  private final MeterRegistry registry;
  private final AtomicBoolean startupRecorded = new AtomicBoolean();

  public ScalingMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Called once an endpoint's consumer has started. */
  public void consuming(String endpoint, EndpointOptions options) {
    int concurrency = options.concurrency();
    Gauge.builder("warren.endpoint.concurrency", () -> concurrency)
        .description("Messages one replica handles at once on this endpoint")
        .tag("endpoint", endpoint)
        .register(registry);
    if (startupRecorded.compareAndSet(false, true)) {
      double seconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
      Gauge.builder("warren.process.startup", () -> seconds)
          .description("From the JVM's start to this process's first consumer")
          .baseUnit("seconds")
          .register(registry);
    }
  }
}
