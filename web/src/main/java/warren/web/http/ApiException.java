package warren.web.http;

import java.time.Duration;
import java.util.Objects;

/**
 * An answer other than success that a route decided on: the HTTP status, the {@code error} code and
 * the one sentence for a person of API.md's error shape. Thrown by routes; {@link ApiErrors} turns
 * it into the response.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;
  private final Duration retryAfter;

  public ApiException(int status, String code, String message) {
    this(status, code, message, null);
  }

  /**
   * @param retryAfter sent as {@code Retry-After} (whole seconds, rounded up), or null
   */
  public ApiException(int status, String code, String message, Duration retryAfter) {
    super(message, null, false, false);
    this.status = status;
    this.code = Objects.requireNonNull(code, "code");
    this.retryAfter = retryAfter;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** How long the client should wait before trying again, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }

  public static ApiException badRequest(String code, String message) {
    return new ApiException(400, code, message);
  }

  public static ApiException unauthenticated(String message) {
    return new ApiException(401, "unauthenticated", message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }
}
