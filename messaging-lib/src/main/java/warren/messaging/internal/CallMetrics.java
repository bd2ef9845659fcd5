package warren.messaging.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import warren.messaging.BrokerUnavailableException;
import warren.messaging.CircuitOpenException;
import warren.messaging.DeadlineExceededException;
import warren.messaging.NoRouteException;
import warren.messaging.RemoteException;

/** Counts and times outgoing calls per endpoint and outcome ({@code warren_calls_seconds}). */
public final class CallMetrics {
  private final MeterRegistry registry;
  // Registering looks the meter up by name and sorted tags; done once per key, not once per call.
  private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

  private record Key(String kind, String endpoint, String outcome) {}

  public CallMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void record(String kind, String endpoint, long nanos, Throwable failure) {
    Key key = new Key(kind, endpoint, outcome(failure));
    Timer timer = timers.get(key);
    if (timer == null) {
      timer = timers.computeIfAbsent(key, this::timer);
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer timer(Key key) {
    return Timer.builder("warren.calls")
        .description("Outgoing calls, commands and events by endpoint and outcome")
        .tag("kind", key.kind())
        .tag("endpoint", key.endpoint())
        .tag("outcome", key.outcome())
        .register(registry);
  }

  static String outcome(Throwable failure) {
    if (failure == null) {
      return "ok";
    }
    if (failure instanceof RemoteException) {
      return "remote_error";
    }
    if (failure instanceof DeadlineExceededException) {
      return "deadline";
    }
    if (failure instanceof NoRouteException) {
      return "no_route";
    }
    if (failure instanceof BrokerUnavailableException) {
      return "unavailable";
    }
    if (failure instanceof CircuitOpenException) {
      return "circuit_open";
    }
    return "error";
  }
}
