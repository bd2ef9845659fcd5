package warren.messaging;

/**
 * The broker is not reachable right now (connection down, recovering, or blocked by a resource
 * alarm); the call failed at once instead of waiting for its deadline.
 */
public class BrokerUnavailableException extends WarrenException {
  private static final long serialVersionUID = 1L;

  public BrokerUnavailableException(String message) {
    super(message);
  }

  public BrokerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
