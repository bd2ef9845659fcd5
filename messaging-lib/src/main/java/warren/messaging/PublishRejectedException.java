package warren.messaging;

/**
 * The broker refused to take a message (negative publisher confirm), for example because the queue
 * is full.
 */
public class PublishRejectedException extends WarrenException {
  private static final long serialVersionUID = 1L;

  public PublishRejectedException(String message) {
    super(message);
  }

  public PublishRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
