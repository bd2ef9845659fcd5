package warren.messaging.ops;

import java.util.Map;

/**
 * One message in a dead-letter queue, as the ops API and the CLI show it: the row of {@code GET
 * /api/v1/ops/dead-letters/{queue}} (serialize it with Jackson as is). Immutable.
 *
 * @param id the message id ({@code sha-<hash>} of the body when the publisher gave none)
 * @param originalExchange the exchange it was first published to ({@code ""}: the default one)
 * @param originalRoutingKey the routing key it was first published with
 * @param reason why it was dead-lettered: {@code unreadable} (not JSON of the expected shape),
 *     {@code rejected} (the handler threw a ServiceError), {@code failed} (retries exhausted), or,
 *     when the broker dead-lettered it, {@code delivery_limit}, {@code expired}, {@code maxlen}
 * @param error the last error, or null when the broker dead-lettered it without one
 * @param attempts the handler attempts it had (Warren's {@code x-warren-attempt}, 1 when absent)
 * @param firstDeadAt when it was first dead-lettered, ISO-8601 UTC, or null when unknown
 * @param headers its AMQP headers as JSON values (text as strings, times as ISO-8601 strings); the
 *     broker's {@code x-delivery-count}, which browsing itself bumps, is left out
 * @param body its body as UTF-8 text (Warren bodies are JSON)
 */
public record DeadLetter(
    String id,
    String originalExchange,
    String originalRoutingKey,
    String reason,
    Failure error,
    int attempts,
    String firstDeadAt,
    Map<String, Object> headers,
    String body) {

  /**
   * The last error of a dead letter.
   *
   * @param errorClass the exception's class name ({@code x-warren-error-class})
   * @param message its message, capped at 2,000 characters ({@code x-warren-error-message})
   * @param code a ServiceError's code ({@code x-warren-error-code}), or null
   */
  public record Failure(String errorClass, String message, String code) {}

  /**
   * The failure group this message belongs to: its error class (or its reason when it has none) and
   * its endpoint (original routing key), as {@code <errorClass>@<endpoint>}.
   */
  public String group() {
    return errorClass() + "@" + originalRoutingKey;
  }

  /** The error class, or the reason when the broker dead-lettered it without an error. */
  public String errorClass() {
    return error == null || error.errorClass() == null ? reason : error.errorClass();
  }
}
