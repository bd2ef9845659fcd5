package warren.messaging.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Delivery;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import warren.messaging.MessageContext;

/** A delivered message as its handler sees it. */
final class Incoming implements MessageContext {
  private final String endpoint;
  private final Delivery delivery;
  private final Map<String, Object> headers;
  private final boolean mayHaveBeenApplied;

  Incoming(String endpoint, Delivery delivery) {
    this(endpoint, delivery, false);
  }

  private Incoming(String endpoint, Delivery delivery, boolean mayHaveBeenApplied) {
    this.endpoint = endpoint;
    this.delivery = delivery;
    this.mayHaveBeenApplied = mayHaveBeenApplied;
    Map<String, Object> h = delivery.getProperties().getHeaders();
    this.headers = h == null ? Map.of() : Collections.unmodifiableMap(h);
  }

  /**
   * The same delivery, handled again alone after its batch failed: {@link #redelivered()} is true,
   * since the batch may have committed before it threw.
   */
  Incoming afterFailedBatch() {
    return new Incoming(endpoint, delivery, true);
  }

  Delivery delivery() {
    return delivery;
  }

  AMQP.BasicProperties properties() {
    return delivery.getProperties();
  }

  @Override
  public String endpoint() {
    return endpoint;
  }

  @Override
  public String routingKey() {
    String original = Headers.string(headers, Headers.ORIGINAL_ROUTING_KEY);
    return original != null ? original : delivery.getEnvelope().getRoutingKey();
  }

  @Override
  public String messageId() {
    String id = delivery.getProperties().getMessageId();
    // A message from a foreign publisher may have none; its body hash is stable across
    // redeliveries.
    return id != null
        ? id
        : "sha-" + Integer.toHexString(java.util.Arrays.hashCode(delivery.getBody()));
  }

  @Override
  public String correlationId() {
    String trace = Headers.string(headers, Headers.TRACE_ID);
    return trace != null ? trace : messageId();
  }

  @Override
  public Optional<Instant> deadline() {
    long ms = Headers.number(headers, Headers.DEADLINE, -1);
    return ms < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(ms));
  }

  @Override
  public int attempt() {
    return (int) Headers.number(headers, Headers.ATTEMPT, 1);
  }

  @Override
  public boolean redelivered() {
    return mayHaveBeenApplied || delivery.getEnvelope().isRedeliver();
  }

  @Override
  public Map<String, Object> headers() {
    return headers;
  }

  /**
   * How long the caller still waits for an answer: until the request's deadline, {@code
   * withoutDeadline} when it has none.
   */
  Duration timeLeft(long nowMillis, Duration withoutDeadline) {
    long ms = Headers.number(headers, Headers.DEADLINE, -1);
    return ms < 0 ? withoutDeadline : Duration.ofMillis(Math.max(0, ms - nowMillis));
  }

  boolean expired(long nowMillis) {
    long ms = Headers.number(headers, Headers.DEADLINE, -1);
    return ms >= 0 && nowMillis > ms;
  }
}
