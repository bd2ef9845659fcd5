package warren.messaging;

/**
 * Calls to this endpoint failed too often recently; the circuit breaker refuses calls until it
 * half-opens again.
 */
public class CircuitOpenException extends WarrenException {
  private static final long serialVersionUID = 1L;

  public CircuitOpenException(String message) {
    super(message);
  }

  public CircuitOpenException(String message, Throwable cause) {
    super(message, cause);
  }
}
