package warren.messaging;

/**
 * The call's deadline passed and the endpoint's queue has no consumer: no worker is running for it.
 * A kind of {@link DeadlineExceededException}, so code that only cares about time can ignore the
 * difference.
 */
public class NoConsumerException extends DeadlineExceededException {
  private static final long serialVersionUID = 1L;

  public NoConsumerException(String message) {
    super(message);
  }
}
