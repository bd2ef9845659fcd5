package warren.messaging;

/** The base of every failure Warren reports to a caller. */
public class WarrenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WarrenException(String message) {
    super(message);
  }

  public WarrenException(String message, Throwable cause) {
    super(message, cause);
  }
}
