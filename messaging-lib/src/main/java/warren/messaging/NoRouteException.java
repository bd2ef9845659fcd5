package warren.messaging;

/**
 * Nothing is bound to the endpoint's routing key: no worker queue exists for it (mandatory publish
 * returned).
 */
public class NoRouteException extends WarrenException {
  private static final long serialVersionUID = 1L;

  public NoRouteException(String message) {
    super(message);
  }

  public NoRouteException(String message, Throwable cause) {
    super(message, cause);
  }
}
