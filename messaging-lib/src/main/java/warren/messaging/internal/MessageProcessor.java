package warren.messaging.internal;

import com.rabbitmq.client.AMQP;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import warren.messaging.CommandHandler;
import warren.messaging.DeliveryHook.Outcome;
import warren.messaging.RetryPolicy;
import warren.messaging.ServiceError;
import warren.messaging.Trace;

/**
 * Handles one command or event queue. The delivery is acked only after the handler returned, or
 * after a copy went, confirmed by the broker, to a delay queue (another attempt later) or to the
 * dead-letter queue. So a message is never lost between the two, and a failing one never holds up
 * those behind it. If the broker refuses the copy, the delivery is requeued instead.
 *
 * <p>Unreadable bodies and {@link ServiceError}s are dead-lettered at once: retrying cannot help.
 */
final class MessageProcessor<C> implements Processor {
  private final Class<C> type;
  private final CommandHandler<C> handler;
  private final RetryPolicy retry;
  private final Processing processing;
  private final Duration confirmTimeout;

  MessageProcessor(
      Class<C> type,
      CommandHandler<C> handler,
      RetryPolicy retry,
      Processing processing,
      Duration confirmTimeout) {
    this.type = type;
    this.handler = handler;
    this.retry = retry;
    this.processing = processing;
    this.confirmTimeout = confirmTimeout;
  }

  @Override
  public Settle process(Incoming in) {
    long start = System.nanoTime();
    C message;
    try {
      message = processing.json().read(in.delivery().getBody(), type);
    } catch (Json.UnreadableMessageException e) {
      return deadLetter(in, "unreadable", e, start);
    }
    try (Trace.Scope scope = Trace.open(in.correlationId())) {
      handler.handle(message, in);
      processing.report(in, Outcome.OK, start, null);
      return Settle.ACK;
    } catch (ServiceError e) {
      return deadLetter(in, "rejected", e, start);
    } catch (Exception e) {
      Duration delay = retry.delayAfter(in.attempt());
      return delay == null ? deadLetter(in, "failed", e, start) : retry(in, delay, e, start);
    }
  }

  private Settle retry(Incoming in, Duration delay, Exception error, long start) {
    Map<String, Object> headers = failureHeaders(in, error);
    headers.put(Headers.ATTEMPT, in.attempt() + 1);
    String exchange = TopologyDeclarer.retryExchange(delay);
    if (!copy(in, exchange, headers)) {
      return Settle.REQUEUE;
    }
    processing.report(in, Outcome.RETRIED, start, error);
    return Settle.ACK;
  }

  private Settle deadLetter(Incoming in, String reason, Exception error, long start) {
    Map<String, Object> headers = failureHeaders(in, error);
    headers.put(Headers.REASON, reason);
    headers.putIfAbsent(Headers.FIRST_DEAD_AT, Instant.ofEpochMilli(processing.now()).toString());
    if (!copy(in, TopologyDeclarer.DEAD_LETTER_EXCHANGE, headers)) {
      return Settle.REQUEUE;
    }
    processing.report(in, Outcome.DEAD_LETTERED, start, error);
    return Settle.ACK;
  }

  private Map<String, Object> failureHeaders(Incoming in, Exception error) {
    Map<String, Object> headers = new HashMap<>(in.headers());
    headers.putIfAbsent(Headers.ORIGINAL_EXCHANGE, in.delivery().getEnvelope().getExchange());
    headers.putIfAbsent(Headers.ORIGINAL_ROUTING_KEY, in.delivery().getEnvelope().getRoutingKey());
    // Live messages name their sender in app_id, the cheaper place for the broker; the copies name
    // it in a header too, since the ops views of dead letters show headers.
    String sentBy = in.properties().getAppId();
    if (sentBy != null) {
      headers.putIfAbsent(Headers.SENT_BY, sentBy);
    }
    headers.put(Headers.ATTEMPT, in.attempt());
    headers.put(Headers.ERROR_CLASS, error.getClass().getName());
    headers.put(Headers.ERROR_MESSAGE, Headers.capped(String.valueOf(error.getMessage())));
    if (error instanceof ServiceError e) {
      headers.put(Headers.ERROR_CODE, e.code());
    }
    return headers;
  }

  /** Publishes a copy routed by the queue's own name, and waits for the broker to confirm it. */
  private boolean copy(Incoming in, String exchange, Map<String, Object> headers) {
    AMQP.BasicProperties original = in.properties();
    AMQP.BasicProperties props =
        original
            .builder()
            .messageId(in.messageId())
            .deliveryMode(2)
            .expiration(null)
            .headers(headers)
            .build();
    try {
      processing
          .publisher()
          .publish(exchange, in.endpoint(), true, props, in.delivery().getBody())
          .get(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (Exception e) {
      org.slf4j.LoggerFactory.getLogger(MessageProcessor.class)
          .warn(
              "could not move {} {} to {}, requeueing it: {}",
              in.endpoint(),
              in.messageId(),
              exchange,
              AmqpCaller.unwrap(e).toString());
      return false;
    }
  }
}
