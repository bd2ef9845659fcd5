package warren.messaging.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import warren.messaging.BrokerUnavailableException;
import warren.messaging.CircuitOpenException;
import warren.messaging.DeadlineExceededException;
import warren.messaging.NoRouteException;
import warren.messaging.RemoteException;

/** Counts and times outgoing calls per endpoint and outcome ({@code warren_calls_seconds}). */
public final class CallMetrics {
  private final MeterRegistry registry;

  public CallMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void record(String kind, String endpoint, long nanos, Throwable failure) {
    Timer.builder("warren.calls")
        .description("Outgoing calls, commands and events by endpoint and outcome")
        .tag("kind", kind)
        .tag("endpoint", endpoint)
        .tag("outcome", outcome(failure))
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
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
