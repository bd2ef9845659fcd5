package warren.messaging;

/** The call's deadline passed before a reply came. */
public class DeadlineExceededException extends WarrenException {
  private static final long serialVersionUID = 1L;

  public DeadlineExceededException(String message) {
    super(message);
  }

  public DeadlineExceededException(String message, Throwable cause) {
    super(message, cause);
  }
}
