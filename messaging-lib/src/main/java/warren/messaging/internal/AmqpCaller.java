package warren.messaging.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import warren.messaging.DeadlineExceededException;
import warren.messaging.NoConsumerException;
import warren.messaging.RemoteException;
import warren.messaging.ReplyStream;
import warren.messaging.RpcEndpoint;
import warren.messaging.StreamEndpoint;
import warren.messaging.WarrenException;

/**
 * RPC and streaming calls over AMQP: deadline on the request (TTL plus header) and on the caller's
 * side (the reply channel's sweep for calls, a timer for streams), circuit breaker per endpoint,
 * metrics. Thread-safe.
 */
public final class AmqpCaller {
  public static final String RPC_EXCHANGE = "warren.rpc";

  private final ReplyChannel replies;
  private final BrokerConnection connection;
  private final Outgoing outgoing;
  private final Json json;
  private final Circuits circuits;
  private final CallMetrics metrics;
  private final ScheduledExecutorService timers;
  private final String idPrefix;
  private final AtomicLong sequence = new AtomicLong();

  public AmqpCaller(
      ReplyChannel replies,
      BrokerConnection connection,
      Outgoing outgoing,
      Json json,
      Circuits circuits,
      CallMetrics metrics,
      ScheduledExecutorService timers,
      String idPrefix) {
    this.replies = replies;
    this.connection = connection;
    this.outgoing = outgoing;
    this.json = json;
    this.circuits = circuits;
    this.metrics = metrics;
    this.timers = timers;
    this.idPrefix = idPrefix;
  }

  public <Q, R> CompletableFuture<R> call(
      RpcEndpoint<Q, R> endpoint, Q request, Duration deadline) {
    long start = System.nanoTime();
    CompletableFuture<R> result = new CompletableFuture<>();
    CircuitBreaker breaker;
    try {
      breaker = circuits.acquire(endpoint.name());
    } catch (WarrenException e) {
      metrics.record("rpc", endpoint.name(), System.nanoTime() - start, e);
      return CompletableFuture.failedFuture(e);
    }
    String correlationId = idPrefix + sequence.incrementAndGet();
    AMQP.BasicProperties props =
        outgoing
            .properties("rpc", endpoint.name(), endpoint.requestType(), false, deadline)
            .correlationId(correlationId)
            .replyTo(ReplyChannel.DIRECT_REPLY_TO)
            .build();
    long deadlineNanos = start + deadline.toNanos();
    result.whenComplete(
        (value, failure) -> {
          long nanos = System.nanoTime() - start;
          Throwable cause = unwrap(failure);
          Circuits.record(breaker, nanos, cause);
          metrics.record("rpc", endpoint.name(), nanos, cause);
        });
    try {
      replies.request(
          RPC_EXCHANGE,
          endpoint.name(),
          props,
          json.write(request),
          new ReplyChannel.Waiter() {
            @Override
            public boolean onReply(AMQP.BasicProperties replyProps, byte[] body) {
              WarrenException error = RemoteErrors.fromReply(endpoint.name(), replyProps);
              if (error != null) {
                result.completeExceptionally(error);
              } else {
                try {
                  result.complete(json.read(body, endpoint.replyType()));
                } catch (RuntimeException e) {
                  result.completeExceptionally(
                      new RemoteException(
                          endpoint.name(), "bad_reply", e.getClass().getName(), e.getMessage()));
                }
              }
              return true;
            }

            @Override
            public void onFailure(WarrenException failure) {
              result.completeExceptionally(failure);
            }

            @Override
            public long deadlineNanos() {
              return deadlineNanos;
            }

            @Override
            public void onDeadline() {
              expire(endpoint.name(), deadline, start, result);
            }
          });
    } catch (WarrenException e) {
      result.completeExceptionally(e);
    }
    return result;
  }

  public <Q, R> ReplyStream<R> stream(StreamEndpoint<Q, R> endpoint, Q request, Duration deadline) {
    long start = System.nanoTime();
    CircuitBreaker breaker = circuits.acquire(endpoint.name());
    String correlationId = idPrefix + sequence.incrementAndGet();
    AMQP.BasicProperties props =
        outgoing
            .properties("stream", endpoint.name(), endpoint.requestType(), false, deadline)
            .correlationId(correlationId)
            .replyTo(ReplyChannel.DIRECT_REPLY_TO)
            .build();
    StreamCall<R> call =
        new StreamCall<>(endpoint.name(), endpoint.itemType(), correlationId, replies, json);
    call.onEnd(
        failure -> {
          long nanos = System.nanoTime() - start;
          Circuits.record(breaker, nanos, failure);
          metrics.record("stream", endpoint.name(), nanos, failure);
        });
    ScheduledFuture<?> timer =
        timers.schedule(
            () ->
                call.fail(
                    new DeadlineExceededException(
                        "stream "
                            + endpoint.name()
                            + " passed its deadline of "
                            + deadline.toMillis()
                            + " ms before it ended")),
            deadline.toNanos(),
            TimeUnit.NANOSECONDS);
    call.onEnd(failure -> timer.cancel(false));
    replies.request(RPC_EXCHANGE, endpoint.name(), props, json.write(request), call);
    return call;
  }

  /** The reply channel dropped the call's waiter when its deadline passed. */
  private void expire(String endpoint, Duration deadline, long start, CompletableFuture<?> result) {
    if (result.isDone()) {
      return;
    }
    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    String detail =
        "RPC "
            + endpoint
            + " passed its deadline of "
            + deadline.toMillis()
            + " ms after "
            + elapsed
            + " ms (published, "
            + replies.inFlight()
            + " calls in flight)";
    // Telling "nobody consumes" from "slow" costs a broker round trip, paid only on timeouts.
    Thread.ofVirtual()
        .name("warren-deadline-" + endpoint)
        .start(
            () -> {
              int consumers = consumerCount(endpoint);
              result.completeExceptionally(
                  consumers == 0
                      ? new NoConsumerException(
                          detail
                              + ": queue "
                              + endpoint
                              + " has no consumer; is its worker running?")
                      : new DeadlineExceededException(detail));
            });
  }

  private int consumerCount(String queue) {
    try (Channel channel = connection.createChannel()) {
      return channel.queueDeclarePassive(queue).getConsumerCount();
    } catch (Exception e) {
      return -1;
    }
  }

  static Throwable unwrap(Throwable failure) {
    while (failure instanceof java.util.concurrent.CompletionException
        || failure instanceof java.util.concurrent.ExecutionException) {
      if (failure.getCause() == null) {
        break;
      }
      failure = failure.getCause();
    }
    return failure;
  }
}
