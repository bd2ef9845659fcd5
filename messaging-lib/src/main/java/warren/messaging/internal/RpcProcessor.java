package warren.messaging.internal;

import com.rabbitmq.client.AMQP;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import warren.messaging.DeliveryHook.Outcome;
import warren.messaging.RpcHandler;
import warren.messaging.ServiceError;
import warren.messaging.Trace;
import warren.messaging.WarrenException;

/**
 * Serves one RPC endpoint: skips requests whose caller already gave up, answers every other one
 * (with the reply, or with the error), and always acks: a request is never retried, the caller
 * decides.
 */
final class RpcProcessor<Q, R> implements Processor {
  private static final Logger log = LoggerFactory.getLogger(RpcProcessor.class);

  /**
   * How long a reply to a request without a deadline (a foreign caller's) waits for the publishing
   * connection to come back.
   */
  private static final Duration NO_DEADLINE_PATIENCE = Duration.ofSeconds(30);

  private final Class<Q> requestType;
  private final RpcHandler<Q, R> handler;
  private final Processing processing;

  RpcProcessor(Class<Q> requestType, RpcHandler<Q, R> handler, Processing processing) {
    this.requestType = requestType;
    this.handler = handler;
    this.processing = processing;
  }

  @Override
  public Settle process(Incoming in) {
    long start = System.nanoTime();
    if (in.expired(processing.now())) {
      processing.report(in, Outcome.EXPIRED, start, null);
      return Settle.ACK;
    }
    Q request;
    try {
      request = processing.json().read(in.delivery().getBody(), requestType);
    } catch (Json.UnreadableMessageException e) {
      reply(processing, in, null, new ServiceError("bad_request", e.getMessage()), Map.of());
      processing.report(in, Outcome.REJECTED, start, e);
      return Settle.ACK;
    }
    try (Trace.Scope scope = Trace.open(in.correlationId())) {
      R result = handler.handle(request, in);
      reply(processing, in, processing.json().write(result), null, Map.of());
      processing.report(in, Outcome.OK, start, null);
    } catch (ServiceError e) {
      reply(processing, in, null, e, Map.of());
      processing.report(in, Outcome.REJECTED, start, e);
    } catch (Exception e) {
      reply(processing, in, null, e, Map.of());
      processing.report(in, Outcome.FAILED, start, e);
    }
    return Settle.ACK;
  }

  /**
   * Sends one reply (or error) to the caller's reply-to address, without publisher confirms.
   *
   * @return false when the broker could not take it (the caller will see its deadline pass)
   */
  static boolean reply(
      Processing processing,
      Incoming in,
      byte[] body,
      Throwable failure,
      Map<String, Object> extraHeaders) {
    String replyTo = in.properties().getReplyTo();
    if (replyTo == null) {
      return false;
    }
    Map<String, Object> headers = new HashMap<>(extraHeaders);
    if (failure != null) {
      RemoteErrors.toHeaders(failure, headers);
    }
    // The caller knows its trace; the header goes back only where the request carried one, so
    // hooks see the same trace on the reply. An empty table is left out: the broker decodes every
    // header of every message, and a plain reply needs none.
    String trace = Headers.string(in.headers(), Headers.TRACE_ID);
    if (trace != null) {
      headers.put(Headers.TRACE_ID, trace);
    }
    processing.outgoing().runHooks("reply", in.endpoint(), in.messageId(), headers);
    AMQP.BasicProperties props =
        new AMQP.BasicProperties.Builder()
            .correlationId(in.properties().getCorrelationId())
            .contentType("application/json")
            .headers(headers.isEmpty() ? null : headers)
            .build();
    try {
      // Not mandatory: the broker treats amq.rabbitmq.reply-to.* as "not a queue" and returns every
      // mandatory reply even when it delivered it. A caller that went away is noticed by the
      // stream's deadline or its cancel instead.
      processing
          .replies()
          .publish(
              replyTo,
              props,
              body == null ? new byte[0] : body,
              () -> in.timeLeft(processing.now(), NO_DEADLINE_PATIENCE));
      return true;
    } catch (WarrenException e) {
      log.warn("could not answer {} {}: {}", in.endpoint(), in.messageId(), e.getMessage());
      return false;
    }
  }

  @Override
  public boolean opensChannelsOnDemand() {
    return true;
  }
}
