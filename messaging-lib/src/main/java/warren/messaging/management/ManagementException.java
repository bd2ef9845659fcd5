package warren.messaging.management;

import warren.messaging.WarrenException;

/**
 * The management API could not be reached or refused a request. The message names the URL, the
 * status and what to do about it.
 */
public class ManagementException extends WarrenException {
  private static final long serialVersionUID = 1L;

  private final int status;

  ManagementException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status the API answered, or 0 when no answer came (unreachable, timed out). */
  public int status() {
    return status;
  }
}
