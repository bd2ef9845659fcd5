package warren.messaging;

import java.util.Objects;

/**
 * Thrown by a handler for an outcome the caller is expected to handle, such as {@code
 * username_taken}. Travels back to the caller as a {@link RemoteException} with the same code and
 * message; unlike other exceptions it is not retried.
 */
public class ServiceError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String code;

  public ServiceError(String code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** A short machine-readable code in snake_case, for example {@code not_found}. */
  public String code() {
    return code;
  }
}
