package warren.messaging.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import warren.messaging.DeliveryHook;

/**
 * The built-in metrics of handled messages: {@code warren_handled_seconds} (a timer per endpoint
 * and outcome, giving counts, errors and processing time), {@code warren_retries_total} and {@code
 * warren_dead_letters_total}. Scaling hints read the processing time from here.
 */
public final class DeliveryMetrics implements DeliveryHook {
  private final MeterRegistry registry;
  // Registering looks the meter up by name and sorted tags; done once per endpoint and outcome,
  // not once per message.
  private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

  private record Key(String endpoint, Outcome outcome) {}

  public DeliveryMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void afterDelivery(Handled handled) {
    Key key = new Key(handled.endpoint(), handled.outcome());
    Timer timer = timers.get(key);
    if (timer == null) {
      timer = timers.computeIfAbsent(key, this::timer);
    }
    timer.record(handled.duration());
    if (handled.outcome() == Outcome.RETRIED) {
      Counter.builder("warren.retries")
          .description("Messages sent to a delay queue for another attempt")
          .tag("endpoint", handled.endpoint())
          .register(registry)
          .increment();
    } else if (handled.outcome() == Outcome.DEAD_LETTERED) {
      Counter.builder("warren.dead.letters")
          .description("Messages moved to a dead-letter queue")
          .tag("endpoint", handled.endpoint())
          .register(registry)
          .increment();
    }
  }

  private Timer timer(Key key) {
    return Timer.builder("warren.handled")
        .description("Messages handled by this process, by endpoint and outcome")
        .tag("endpoint", key.endpoint())
        .tag("outcome", key.outcome().name().toLowerCase(java.util.Locale.ROOT))
        .publishPercentiles(0.5, 0.99)
        .register(registry);
  }
}
