package warren.messaging.internal;

import com.rabbitmq.client.AMQP;
import java.util.Map;
import warren.messaging.RemoteException;
import warren.messaging.ServiceError;

/** How a handler's failure travels back to its caller in reply headers. */
final class RemoteErrors {
  static final String INTERNAL = "internal";

  private RemoteErrors() {}

  /** The remote failure a reply carries, or null for a normal reply. */
  static RemoteException fromReply(String endpoint, AMQP.BasicProperties props) {
    Map<String, Object> headers = props.getHeaders();
    String code = Headers.string(headers, Headers.ERROR_CODE);
    if (code == null) {
      return null;
    }
    return new RemoteException(
        endpoint,
        code,
        Headers.string(headers, Headers.ERROR_CLASS),
        Headers.string(headers, Headers.ERROR_MESSAGE));
  }

  /**
   * Writes the failure into reply headers: a ServiceError keeps its code, anything else is
   * internal.
   */
  static void toHeaders(Throwable failure, Map<String, Object> headers) {
    headers.put(Headers.ERROR_CODE, failure instanceof ServiceError e ? e.code() : INTERNAL);
    headers.put(Headers.ERROR_CLASS, failure.getClass().getName());
    headers.put(Headers.ERROR_MESSAGE, Headers.capped(String.valueOf(failure.getMessage())));
  }
}
