package warren.messaging.ops;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import warren.messaging.internal.Headers;
import warren.messaging.internal.TopologyDeclarer;

/**
 * Turns a raw dead-lettered message into a {@link DeadLetter}, and a dead letter into the
 * properties of its replay. Knows both Warren's {@code x-warren-*} headers and the broker's own
 * {@code x-death} / {@code x-first-death-*} ones (for messages the broker dead-lettered: delivery
 * limit, expiry).
 */
final class Letters {
  /** The broker's count of returns to a quorum queue: browsing bumps it, so it is not shown. */
  static final String DELIVERY_COUNT = "x-delivery-count";

  private Letters() {}

  static DeadLetter read(AMQP.BasicProperties props, byte[] body) {
    Map<String, Object> raw = props.getHeaders() == null ? Map.of() : props.getHeaders();
    String id =
        props.getMessageId() != null
            ? props.getMessageId()
            : "sha-" + Integer.toHexString(Arrays.hashCode(body)); // as Incoming names it
    String exchange = firstOf(raw, Headers.ORIGINAL_EXCHANGE, "x-first-death-exchange");
    String routingKey = Headers.string(raw, Headers.ORIGINAL_ROUTING_KEY);
    if (routingKey == null) {
      routingKey = firstDeathRoutingKey(raw);
    }
    String reason = firstOf(raw, Headers.REASON, "x-first-death-reason");
    String errorClass = Headers.string(raw, Headers.ERROR_CLASS);
    DeadLetter.Failure error =
        errorClass == null
            ? null
            : new DeadLetter.Failure(
                errorClass,
                Headers.string(raw, Headers.ERROR_MESSAGE),
                Headers.string(raw, Headers.ERROR_CODE));
    Map<String, Object> headers = new TreeMap<>();
    raw.forEach(
        (name, value) -> {
          if (!name.equals(DELIVERY_COUNT)) {
            headers.put(name, json(value));
          }
        });
    return new DeadLetter(
        id,
        exchange == null ? "" : exchange,
        routingKey == null ? "" : routingKey,
        reason == null ? "unknown" : reason,
        error,
        (int) Headers.number(raw, Headers.ATTEMPT, 1),
        firstDeadAt(raw),
        headers,
        new String(body, StandardCharsets.UTF_8));
  }

  /**
   * Where a replay goes: back through the original exchange and key when they lead to the queue the
   * message died in (commands), else straight to that queue through the default exchange (an event
   * on a topic exchange would reach every other subscriber again, which already handled it).
   */
  static ReplayResult.Planned destination(DeadLetter letter, String sourceQueue) {
    if (letter.originalRoutingKey().equals(sourceQueue)) {
      return new ReplayResult.Planned(
          letter.id(), letter.originalExchange(), letter.originalRoutingKey());
    }
    return new ReplayResult.Planned(letter.id(), "", sourceQueue);
  }

  /**
   * The properties of a replayed copy: the original ones, without what marks it as failed (reason,
   * error, Warren's attempt counter, the broker's death records, any deadline) so it gets its full
   * retries again, with the replay count raised and the first-dead time kept.
   */
  static AMQP.BasicProperties replayProperties(AMQP.BasicProperties props, DeadLetter letter) {
    Map<String, Object> headers =
        new LinkedHashMap<>(props.getHeaders() == null ? Map.of() : props.getHeaders());
    long replays = Headers.number(headers, Headers.REPLAY_COUNT, 0);
    headers.keySet().removeIf(Letters::marksFailure);
    headers.put(Headers.REPLAY_COUNT, replays + 1);
    if (letter.firstDeadAt() != null) {
      headers.put(Headers.FIRST_DEAD_AT, letter.firstDeadAt());
    }
    headers.putIfAbsent(Headers.ORIGINAL_EXCHANGE, letter.originalExchange());
    headers.putIfAbsent(Headers.ORIGINAL_ROUTING_KEY, letter.originalRoutingKey());
    return props
        .builder()
        .messageId(letter.id())
        .deliveryMode(2)
        .expiration(null)
        .headers(headers)
        .build();
  }

  private static boolean marksFailure(String header) {
    return header.equals(Headers.ATTEMPT)
        || header.equals(Headers.REASON)
        || header.equals(Headers.ERROR_CLASS)
        || header.equals(Headers.ERROR_MESSAGE)
        || header.equals(Headers.ERROR_CODE)
        || header.equals(Headers.DEADLINE)
        || header.equals(DELIVERY_COUNT)
        || header.equals("x-death")
        || header.startsWith("x-first-death-")
        || header.startsWith("x-last-death-");
  }

  /** The queue a dead-letter queue collects from: {@code store.follow} for {@code .dlq} of it. */
  static String sourceQueue(String deadLetterQueue) {
    return deadLetterQueue.substring(
        0, deadLetterQueue.length() - TopologyDeclarer.DLQ_SUFFIX.length());
  }

  private static String firstOf(Map<String, Object> headers, String warren, String broker) {
    String value = Headers.string(headers, warren);
    return value != null ? value : Headers.string(headers, broker);
  }

  private static String firstDeathRoutingKey(Map<String, Object> headers) {
    Map<?, ?> death = firstDeath(headers);
    if (death != null && death.get("routing-keys") instanceof List<?> keys && !keys.isEmpty()) {
      return String.valueOf(json(keys.get(0)));
    }
    return null;
  }

  private static String firstDeadAt(Map<String, Object> headers) {
    String warren = Headers.string(headers, Headers.FIRST_DEAD_AT);
    if (warren != null) {
      return warren;
    }
    Map<?, ?> death = firstDeath(headers);
    return death != null && death.get("time") instanceof Date time
        ? time.toInstant().toString()
        : null;
  }

  /** The oldest entry of the broker's {@code x-death} list (the list is newest first). */
  private static Map<?, ?> firstDeath(Map<String, Object> headers) {
    if (headers.get("x-death") instanceof List<?> deaths
        && !deaths.isEmpty()
        && deaths.get(deaths.size() - 1) instanceof Map<?, ?> death) {
      return death;
    }
    return null;
  }

  /** An AMQP header value as a plain JSON value. */
  static Object json(Object value) {
    if (value instanceof LongString || value instanceof byte[]) {
      return Headers.string(Map.of("v", value), "v");
    }
    if (value instanceof Date date) {
      return date.toInstant().toString();
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(item -> out.add(json(item)));
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new TreeMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), json(v)));
      return out;
    }
    if (value == null || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    return value.toString();
  }
}
