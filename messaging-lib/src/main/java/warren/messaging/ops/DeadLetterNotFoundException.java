package warren.messaging.ops;

import warren.messaging.WarrenException;

/**
 * The dead-letter queue, message id or failure group asked for does not exist. The web API answers
 * it with 404 {@code not_found}; the CLI prints the message and exits non-zero.
 */
public final class DeadLetterNotFoundException extends WarrenException {
  private static final long serialVersionUID = 1L;

  public DeadLetterNotFoundException(String message) {
    super(message);
  }
}
