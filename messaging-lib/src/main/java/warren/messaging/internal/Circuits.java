package warren.messaging.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import warren.messaging.BrokerUnavailableException;
import warren.messaging.CircuitOpenException;
import warren.messaging.RemoteException;

/**
 * One resilience4j circuit breaker per called endpoint, named after it. Failures of the path
 * (deadline, no route, broker gone, unexpected remote errors) count; answers a handler gave on
 * purpose ({@code ServiceError}) do not, since the endpoint is working.
 */
public final class Circuits {
  private final CircuitBreakerRegistry registry;
  // The registry's own lookup builds a supplier and reads its config on every call.
  private final Map<String, CircuitBreaker> byEndpoint = new ConcurrentHashMap<>();

  public Circuits(CircuitBreakerConfig config) {
    this.registry = CircuitBreakerRegistry.of(config);
  }

  /**
   * Returns the endpoint's breaker after taking a permit, or throws {@link CircuitOpenException}.
   */
  public CircuitBreaker acquire(String endpoint) {
    CircuitBreaker breaker = byEndpoint.get(endpoint);
    if (breaker == null) {
      breaker = byEndpoint.computeIfAbsent(endpoint, registry::circuitBreaker);
    }
    if (!breaker.tryAcquirePermission()) {
      throw new CircuitOpenException(
          "circuit for "
              + endpoint
              + " is "
              + breaker.getState()
              + " after a failure rate of "
              + Math.round(breaker.getMetrics().getFailureRate())
              + "%: calls are refused for "
              + registry.getDefaultConfig().getWaitIntervalFunctionInOpenState().apply(1)
              + " ms before it tries again");
    }
    return breaker;
  }

  public static void record(CircuitBreaker breaker, long nanos, Throwable failure) {
    if (failure instanceof BrokerUnavailableException) {
      // The broker being away says nothing about the endpoint; counting it would keep the circuit
      // open for its whole wait interval after the broker is back.
      breaker.releasePermission();
    } else if (failure == null
        || failure instanceof RemoteException remote && !"internal".equals(remote.code())) {
      breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
    } else {
      breaker.onError(nanos, TimeUnit.NANOSECONDS, failure);
    }
  }

  public CircuitBreakerRegistry registry() {
    return registry;
  }
}
