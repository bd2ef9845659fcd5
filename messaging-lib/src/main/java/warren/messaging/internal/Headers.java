package warren.messaging.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The header names Warren puts on messages. Dashboards, the ops console and the dead-letter tooling
 * read them, so they are part of the wire contract: add, never rename.
 */
public final class Headers {
  public static final String ATTEMPT = "x-warren-attempt";
  public static final String DEADLINE = "x-warren-deadline";
  public static final String TRACE_ID = "x-warren-trace-id";
  public static final String ERROR_CODE = "x-warren-error-code";
  public static final String ERROR_CLASS = "x-warren-error-class";
  public static final String ERROR_MESSAGE = "x-warren-error-message";
  public static final String ORIGINAL_EXCHANGE = "x-warren-original-exchange";
  public static final String ORIGINAL_ROUTING_KEY = "x-warren-original-routing-key";
  public static final String FIRST_DEAD_AT = "x-warren-first-dead-at";
  public static final String REASON = "x-warren-reason";
  public static final String REPLAY_COUNT = "x-warren-replay-count";
  public static final String STREAM = "x-warren-stream";
  public static final String CONTROL_QUEUE = "x-warren-control";

  /**
   * The sending service, on retry and dead-letter copies (the ops views show headers). Live
   * messages carry it in AMQP's {@code app_id} property, which costs the broker less than a header.
   */
  public static final String SENT_BY = "x-warren-sent-by";

  /**
   * Error text in a header is capped: a broker frame carries all headers, and a 1 MB stack trace
   * would exceed frame_max and close the connection.
   */
  public static final int MAX_ERROR_CHARS = 2_000;

  private Headers() {}

  /** A header as a string, whatever AMQP type it arrived as (LongString for text). */
  public static String string(Map<String, Object> headers, String name) {
    Object value = headers == null ? null : headers.get(name);
    if (value == null) {
      return null;
    }
    if (value instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    return value.toString();
  }

  public static long number(Map<String, Object> headers, String name, long fallback) {
    Object value = headers == null ? null : headers.get(name);
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value != null) {
      try {
        return Long.parseLong(value.toString());
      } catch (NumberFormatException e) {
        return fallback;
      }
    }
    return fallback;
  }

  /** Truncates error text to {@link #MAX_ERROR_CHARS}, saying so. */
  public static String capped(String text) {
    if (text == null) {
      return "";
    }
    if (text.length() <= MAX_ERROR_CHARS) {
      return text;
    }
    return text.substring(0, MAX_ERROR_CHARS) + "... (" + text.length() + " chars, truncated)";
  }
}
