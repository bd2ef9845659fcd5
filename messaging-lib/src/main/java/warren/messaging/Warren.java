package warren.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import warren.messaging.http.HttpCaller;
import warren.messaging.internal.AmqpCaller;
import warren.messaging.internal.BrokerConnection;
import warren.messaging.internal.CallMetrics;
import warren.messaging.internal.Circuits;
import warren.messaging.internal.ConfirmPublisher;
import warren.messaging.internal.Consumers;
import warren.messaging.internal.DeliveryLog;
import warren.messaging.internal.DeliveryMetrics;
import warren.messaging.internal.ExclusiveListener;
import warren.messaging.internal.Json;
import warren.messaging.internal.Outgoing;
import warren.messaging.internal.ReplyChannel;
import warren.messaging.internal.ReplyPublisher;
import warren.messaging.internal.ScalingMetrics;
import warren.messaging.internal.TopologyDeclarer;

/**
 * The one entry point: a service's connection to the mesh. Declare endpoints with {@code serve},
 * {@code serveStream}, {@code consume} and {@code subscribe}; call others with {@code call}, {@code
 * callAsync}, {@code stream}, {@code send} and {@code publish}. Every method is thread-safe.
 *
 * <pre>{@code
 * Warren warren = Warren.connect(WarrenConfig.builder().service("auth").uri(uri).build());
 * warren.serve(AuthApi.LOGIN, logInHandler::handle);
 * LoggedIn reply = otherWarren.call(AuthApi.LOGIN, new LogIn("ada", "secret"));
 * }</pre>
 *
 * <p>Three connections are opened: {@code <service>@<instance>/publish} for calls and replies,
 * {@code .../confirm} for confirmed commands, events and notifications, and {@code .../consume}, so
 * that flow control on publishing never stalls acks. The confirm connection queues its writes for
 * one I/O thread, which sends what many threads published in one write; calls keep a connection
 * that writes at once ({@link BrokerConnection.Io}). All recover by themselves; while one is down,
 * calls fail at once with {@link BrokerUnavailableException}.
 */
public final class Warren implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Warren.class);

  /** The lifecycle; the legal moves are RUNNING → DRAINING → CLOSED. */
  public enum State {
    RUNNING,
    DRAINING,
    CLOSED
  }

  private final WarrenConfig config;
  private final MeterRegistry meters;
  private final BrokerConnection publishing;
  private final BrokerConnection confirming;
  private final BrokerConnection consuming;
  private final Json json = new Json();
  private final Outgoing outgoing;
  private final ConfirmPublisher publisher;
  private final AmqpCaller caller;
  private final Consumers consumers;
  private final ScheduledThreadPoolExecutor timers;
  private final CallMetrics callMetrics;
  private final ScalingMetrics scalingMetrics;
  private final Map<String, ServedRpc<?, ?>> served = new ConcurrentHashMap<>();
  private final Map<String, HttpCaller> httpCallers = new ConcurrentHashMap<>();
  private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);

  private Warren(WarrenConfig config) {
    this.config = config;
    this.meters =
        config.meterRegistry() != null
            ? config.meterRegistry()
            : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    List<BrokerConnection> opened = new ArrayList<>(3);
    try {
      opened.add(BrokerConnection.open(config, "publish"));
      opened.add(BrokerConnection.open(config, "confirm", BrokerConnection.Io.QUEUED));
      opened.add(BrokerConnection.open(config, "consume"));
    } catch (RuntimeException e) {
      opened.forEach(BrokerConnection::close);
      throw e;
    }
    this.publishing = opened.get(0);
    this.confirming = opened.get(1);
    this.consuming = opened.get(2);
    this.timers =
        new ScheduledThreadPoolExecutor(
            1,
            Thread.ofPlatform().name("warren-" + config.service() + "-timers").daemon().factory());
    timers.setRemoveOnCancelPolicy(true);
    this.outgoing = new Outgoing(config.service(), config.publishHooks(), config.clock());
    this.publisher = new ConfirmPublisher(confirming);
    this.callMetrics = new CallMetrics(meters);
    this.scalingMetrics = new ScalingMetrics(meters);
    this.caller =
        new AmqpCaller(
            new ReplyChannel(publishing, timers),
            publishing,
            outgoing,
            json,
            new Circuits(config.circuitBreaker()),
            callMetrics,
            timers,
            Long.toString(System.nanoTime(), 36) + "-");
    List<DeliveryHook> hooks = new ArrayList<>();
    hooks.add(new DeliveryMetrics(meters));
    hooks.add(new DeliveryLog());
    hooks.addAll(config.deliveryHooks());
    this.consumers =
        new Consumers(
            config.service(),
            consuming,
            new TopologyDeclarer(consuming, config.declareTopology()),
            json,
            publisher,
            new ReplyPublisher(publishing),
            outgoing,
            List.copyOf(hooks),
            config.confirmTimeout());
    if (config.declareTopology()) {
      // Publishing to a missing exchange closes the channel (404), failing every pending confirm.
      TopologyDeclarer declarer = new TopologyDeclarer(publishing, true);
      declarer.exchange(AmqpCaller.RPC_EXCHANGE, BuiltinExchangeType.DIRECT);
      declarer.exchange(TopologyDeclarer.COMMANDS_EXCHANGE, BuiltinExchangeType.DIRECT);
      declarer.exchange(TopologyDeclarer.EVENTS_EXCHANGE, BuiltinExchangeType.TOPIC);
      declarer.exchange(TopologyDeclarer.NOTIFY_EXCHANGE, BuiltinExchangeType.TOPIC);
    }
    config
        .httpRoutes()
        .forEach((service, uri) -> httpCallers.put(service, new HttpCaller(uri, json)));
  }

  /**
   * Connects to the broker and returns a running Warren.
   *
   * @throws BrokerUnavailableException when no broker address answers
   */
  public static Warren connect(WarrenConfig config) {
    return new Warren(config);
  }

  // ---- serving -------------------------------------------------------------------------------

  /** Serves an RPC endpoint with the default options. */
  public <Q, R> Warren serve(RpcEndpoint<Q, R> endpoint, RpcHandler<Q, R> handler) {
    return serve(endpoint, handler, config.endpointDefaults());
  }

  /** Serves an RPC endpoint: consumes its queue and answers every request. */
  public <Q, R> Warren serve(
      RpcEndpoint<Q, R> endpoint, RpcHandler<Q, R> handler, EndpointOptions options) {
    requireRunning("serve " + endpoint.name());
    consumers.rpc(endpoint.name(), endpoint.requestType(), handler, options);
    scalingMetrics.consuming(endpoint.name(), options);
    served.put(endpoint.name(), new ServedRpc<>(endpoint, handler));
    return this;
  }

  public <Q, R> Warren serveStream(StreamEndpoint<Q, R> endpoint, StreamHandler<Q, R> handler) {
    return serveStream(endpoint, handler, config.endpointDefaults());
  }

  /** Serves a streaming endpoint: each request may get many replies, then an end. */
  public <Q, R> Warren serveStream(
      StreamEndpoint<Q, R> endpoint, StreamHandler<Q, R> handler, EndpointOptions options) {
    requireRunning("serve " + endpoint.name());
    consumers.stream(endpoint.name(), endpoint.requestType(), handler, options);
    scalingMetrics.consuming(endpoint.name(), options);
    return this;
  }

  public <C> Warren consume(CommandEndpoint<C> endpoint, CommandHandler<C> handler) {
    return consume(endpoint, handler, config.endpointDefaults());
  }

  /** Consumes a command queue: acked after the handler returns, retried, then dead-lettered. */
  public <C> Warren consume(
      CommandEndpoint<C> endpoint, CommandHandler<C> handler, EndpointOptions options) {
    requireRunning("consume " + endpoint.name());
    consumers.command(endpoint.name(), endpoint.type(), handler, options);
    scalingMetrics.consuming(endpoint.name(), options);
    return this;
  }

  /**
   * Consumes a command queue a batch at a time: the handler gets the messages already waiting, up
   * to {@link EndpointOptions#maxBatch()}, applies them in one transaction, and they are acked once
   * it returned. If it throws, each message is handled again alone, then retried or dead-lettered
   * as with {@link #consume}; see {@link BatchCommandHandler}.
   */
  public <C> Warren consumeBatches(
      CommandEndpoint<C> endpoint, BatchCommandHandler<C> handler, EndpointOptions options) {
    requireRunning("consume " + endpoint.name());
    consumers.commandBatches(endpoint.name(), endpoint.type(), handler, options);
    scalingMetrics.consuming(endpoint.name(), options);
    return this;
  }

  public <E> Warren subscribe(String queue, EventType<E> event, CommandHandler<E> handler) {
    return subscribe(
        queue, List.of(event.routingKey()), event.type(), handler, config.endpointDefaults());
  }

  /**
   * Subscribes a durable queue of this service to events: {@code queue} must be named {@code
   * <service>.<subscription>}, {@code patterns} are topic patterns on {@code warren.events}.
   */
  public <E> Warren subscribe(
      String queue,
      List<String> patterns,
      Class<E> type,
      CommandHandler<E> handler,
      EndpointOptions options) {
    requireRunning("subscribe " + queue);
    new CommandEndpoint<>(queue, type); // validates the name
    consumers.event(queue, patterns, type, handler, options);
    scalingMetrics.consuming(queue, options);
    return this;
  }

  // ---- calling -------------------------------------------------------------------------------

  /** Calls and waits, with the default deadline. */
  public <Q, R> R call(RpcEndpoint<Q, R> endpoint, Q request) {
    return call(endpoint, request, config.defaultDeadline());
  }

  /**
   * Calls and waits at most {@code deadline}.
   *
   * @throws NoRouteException nothing is bound to the endpoint
   * @throws DeadlineExceededException no reply in time ({@link NoConsumerException}: no worker)
   * @throws RemoteException the handler failed
   * @throws BrokerUnavailableException the broker is away, at once
   * @throws CircuitOpenException recent calls failed too often
   */
  public <Q, R> R call(RpcEndpoint<Q, R> endpoint, Q request, Duration deadline) {
    return join(callAsync(endpoint, request, deadline), deadline);
  }

  public <Q, R> CompletableFuture<R> callAsync(RpcEndpoint<Q, R> endpoint, Q request) {
    return callAsync(endpoint, request, config.defaultDeadline());
  }

  /** Calls without blocking; the future fails with the exceptions listed on {@link #call}. */
  public <Q, R> CompletableFuture<R> callAsync(
      RpcEndpoint<Q, R> endpoint, Q request, Duration deadline) {
    if (state.get() == State.CLOSED) {
      return CompletableFuture.failedFuture(
          new BrokerUnavailableException("Warren " + config.service() + " is closed"));
    }
    HttpCaller http = httpCallers.get(endpoint.service());
    if (http != null) {
      long start = System.nanoTime();
      CompletableFuture<R> result = http.call(endpoint, request, deadline);
      result.whenComplete(
          (r, e) -> callMetrics.record("http", endpoint.name(), System.nanoTime() - start, e));
      return result;
    }
    return caller.call(endpoint, request, deadline);
  }

  public <Q, R> ReplyStream<R> stream(StreamEndpoint<Q, R> endpoint, Q request) {
    return stream(endpoint, request, config.defaultDeadline());
  }

  /** Starts a streaming call; the whole stream must end within {@code deadline}. */
  public <Q, R> ReplyStream<R> stream(StreamEndpoint<Q, R> endpoint, Q request, Duration deadline) {
    if (state.get() == State.CLOSED) {
      throw new BrokerUnavailableException("Warren " + config.service() + " is closed");
    }
    return caller.stream(endpoint, request, deadline);
  }

  /**
   * Sends a command, persistent, and returns its message id once the broker confirmed it: from then
   * on it survives a broker restart.
   *
   * @throws NoRouteException no queue is bound for the command
   * @throws BrokerUnavailableException the broker is away, or did not confirm in time
   * @throws PublishRejectedException the broker refused it
   */
  public <C> String send(CommandEndpoint<C> endpoint, C command) {
    return send(endpoint, command, null);
  }

  /**
   * Sends a command with a message id of the caller's choosing (for example derived from an
   * idempotency key), so that sending it twice is applied once by an idempotent handler.
   */
  public <C> String send(CommandEndpoint<C> endpoint, C command, String messageId) {
    long start = System.nanoTime();
    AMQP.BasicProperties.Builder props =
        outgoing.properties("command", endpoint.name(), endpoint.type(), true, null);
    if (messageId != null) {
      props.messageId(messageId);
    }
    AMQP.BasicProperties built = props.build();
    Throwable failure = null;
    try {
      join(
          publisher.publish(
              TopologyDeclarer.COMMANDS_EXCHANGE,
              endpoint.name(),
              true,
              built,
              json.write(command)),
          config.confirmTimeout());
      return built.getMessageId();
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    } finally {
      callMetrics.record("command", endpoint.name(), System.nanoTime() - start, failure);
    }
  }

  /**
   * Publishes an event without waiting for anyone: subscribers that are down get it from their
   * durable queues later. Fails at once only while the broker is away.
   */
  public <E> void publish(EventType<E> event, E payload) {
    AMQP.BasicProperties props =
        outgoing.properties("event", event.routingKey(), event.type(), true, null).build();
    publisher.publish(
        TopologyDeclarer.EVENTS_EXCHANGE, event.routingKey(), false, props, json.write(payload));
  }

  /**
   * Publishes a transient notification on {@code warren.notify} (for example to {@code user.42});
   * whoever holds a binding for the key gets it, nobody else. Does not wait: a reply or call made
   * right after it may reach the broker first (see {@link #notifyConfirmed}).
   */
  public void notify(String routingKey, Object payload) {
    publishNotification(routingKey, payload);
  }

  /**
   * Like {@link #notify}, but returns only once the broker has put the notification in every queue
   * bound for it (its publisher confirm), so that what the caller does next, such as answering the
   * request that caused it, cannot overtake it. Notifications go out on the confirm connection and
   * replies on another, and nothing else orders the two.
   *
   * @throws BrokerUnavailableException the broker is away, or did not confirm in time
   */
  public void notifyConfirmed(String routingKey, Object payload) {
    join(publishNotification(routingKey, payload), config.confirmTimeout());
  }

  private CompletableFuture<Void> publishNotification(String routingKey, Object payload) {
    AMQP.BasicProperties props =
        outgoing.properties("notify", routingKey, payload.getClass(), false, null).build();
    return publisher.publish(
        TopologyDeclarer.NOTIFY_EXCHANGE, routingKey, false, props, json.write(payload));
  }

  /**
   * Opens this process's own queue on {@code warren.notify} and hands each notification to {@code
   * handler}; bind routing keys on the returned listener to receive them.
   */
  public <T> NotificationListener listen(Class<T> type, NotificationListener.Handler<T> handler) {
    requireRunning("listen for notifications");
    return new ExclusiveListener<>(
        consuming, TopologyDeclarer.NOTIFY_EXCHANGE, type, json, handler);
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  public WarrenConfig config() {
    return config;
  }

  public MeterRegistry meterRegistry() {
    return meters;
  }

  public State state() {
    return state.get();
  }

  /** Whether every connection is up and this Warren is not draining: what /readyz reports. */
  public Health health() {
    Map<String, String> connections = new LinkedHashMap<>();
    String problem = "";
    for (BrokerConnection c : List.of(publishing, confirming, consuming)) {
      connections.put(c.purpose(), c.state().name());
      if (problem.isEmpty() && c.state() != BrokerConnection.State.UP) {
        problem = c.problem();
      }
    }
    return new Health(
        state.get(), Collections.unmodifiableMap(connections), problem, consumers.inHand());
  }

  /** The RPC endpoints this process serves, for the HTTP transport. */
  public Map<String, ServedRpc<?, ?>> servedRpcs() {
    return Map.copyOf(served);
  }

  /** The shared JSON codec, so the HTTP transport reads and writes bodies the same way. */
  public com.fasterxml.jackson.databind.ObjectMapper objectMapper() {
    return json.mapper();
  }

  /**
   * Stops taking messages (readiness turns to draining), lets handlers in hand finish and ack
   * within the shutdown timeout, then closes the connections. Idempotent.
   */
  @Override
  public void close() {
    if (!state.compareAndSet(State.RUNNING, State.DRAINING)) {
      return;
    }
    boolean finished = consumers.drain(config.shutdownTimeout());
    if (!finished) {
      log.warn(
          "{}: handlers still running after {}; their messages are redelivered elsewhere",
          config.service(),
          config.shutdownTimeout());
    }
    state.set(State.CLOSED);
    timers.shutdownNow();
    httpCallers.values().forEach(HttpCaller::close);
    consuming.close();
    confirming.close();
    publishing.close();
  }

  private void requireRunning(String action) {
    State current = state.get();
    if (current != State.RUNNING) {
      throw new IllegalStateException(
          "cannot " + action + ": Warren " + config.service() + " is " + current);
    }
  }

  private static <T> T join(CompletableFuture<T> future, Duration wait) {
    try {
      // The future has its own deadline; the extra second only guards against a lost timer.
      return future.get(wait.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new WarrenException(String.valueOf(cause), cause);
    } catch (TimeoutException e) {
      future.cancel(false);
      throw new DeadlineExceededException("no answer within " + wait.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WarrenException("interrupted while waiting", e);
    }
  }

  /**
   * What readiness needs to know.
   *
   * @param connections each broker connection's state ({@code UP}, {@code RECOVERING}, ...) by its
   *     purpose: {@code publish}, {@code confirm}, {@code consume}
   * @param problem why a connection is not up, or empty
   * @param inHand messages being handled right now
   */
  public record Health(State state, Map<String, String> connections, String problem, int inHand) {
    public boolean brokerUp() {
      return connections.values().stream().allMatch("UP"::equals);
    }

    public boolean ready() {
      return state == State.RUNNING && brokerUp();
    }
  }

  /** An RPC endpoint served by this process with its handler. */
  public record ServedRpc<Q, R>(RpcEndpoint<Q, R> endpoint, RpcHandler<Q, R> handler) {}
}
