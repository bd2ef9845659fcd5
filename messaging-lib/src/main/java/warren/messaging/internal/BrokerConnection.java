package warren.messaging.internal;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.BlockedListener;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.impl.nio.NioParams;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import warren.messaging.BrokerUnavailableException;
import warren.messaging.WarrenConfig;

/**
 * One self-recovering AMQP connection with a name ({@code store@host:pid/publish}) and a state
 * callers can ask without blocking. Thread-safe.
 *
 * <p>amqp-client recovers the connection, its channels, their consumers and the topology they
 * declared; this class only records whether the connection is usable right now, so calls made while
 * it is not fail at once with {@link BrokerUnavailableException} instead of waiting. Replies are
 * the exception: their work is done and their caller still waits, so they may wait for the
 * recovery.
 */
public final class BrokerConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BrokerConnection.class);

  /**
   * How a connection writes to its socket.
   *
   * <p>{@link #BLOCKING}: the publishing thread writes and flushes its own frames, one write per
   * message, which is the shortest path for one call in flight. {@link #QUEUED}: amqp-client's NIO
   * mode, where publishers queue their frames and one I/O thread writes whatever has queued in one
   * go. With 64 threads sending confirmed commands, queued writes took 12 to 17 µs of client CPU
   * per message against 17 to 25, cut the broker's share too (it reads fewer, larger segments), and
   * sent 1.08 to 1.7 times as many (bench harness, raw amqp-client both ways, alternating); with
   * one in flight the hand-over to the I/O thread added about 20 µs. On every connection, request
   * and reply paid that hand-over four times and RPC at one in flight took 1.26 times raw
   * amqp-client's p50, so only the connection for confirmed publishing queues its writes.
   */
  public enum Io {
    BLOCKING,
    QUEUED
  }

  /** The states a connection goes through. */
  public enum State {
    UP,
    /** Lost; amqp-client is reconnecting. */
    RECOVERING,
    /** Connected, but the broker blocked publishing (memory or disk alarm). */
    BLOCKED,
    CLOSED
  }

  private final String name;
  private final Connection connection;
  private final AtomicReference<State> state = new AtomicReference<>(State.UP);
  private final AtomicReference<String> lastProblem = new AtomicReference<>("");
  private final List<Runnable> onDown = new CopyOnWriteArrayList<>();
  private final List<ExecutorService> pools;

  /** Notified whenever the connection becomes usable again or is closed, for {@link #awaitUp}. */
  private final Object upAgain = new Object();

  private BrokerConnection(String name, Connection connection, List<ExecutorService> pools) {
    this.name = name;
    this.connection = connection;
    this.pools = pools;
    connection.addShutdownListener(this::shutdown);
    connection.addBlockedListener(
        new BlockedListener() {
          @Override
          public void handleBlocked(String reason) {
            lastProblem.set("broker blocked publishing: " + reason);
            state.compareAndSet(State.UP, State.BLOCKED);
            log.warn("{}: broker blocked publishing: {}", name, reason);
          }

          @Override
          public void handleUnblocked() {
            state.compareAndSet(State.BLOCKED, State.UP);
            log.info("{}: broker unblocked publishing", name);
            wakeWaiters();
          }
        });
    ((Recoverable) connection)
        .addRecoveryListener(
            new RecoveryListener() {
              @Override
              public void handleRecovery(Recoverable recoverable) {
                state.compareAndSet(State.RECOVERING, State.UP);
                log.info("{}: connection recovered", name);
                wakeWaiters();
              }

              @Override
              public void handleRecoveryStarted(Recoverable recoverable) {
                log.info("{}: recovering connection", name);
              }
            });
  }

  /** Opens a connection with blocking writes to the first reachable address of the config. */
  public static BrokerConnection open(WarrenConfig config, String purpose) {
    return open(config, purpose, Io.BLOCKING);
  }

  /** Opens a connection to the first reachable address of the config. */
  public static BrokerConnection open(WarrenConfig config, String purpose, Io io) {
    String name = config.service() + "@" + config.instance() + "/" + purpose;
    ConnectionFactory factory = new ConnectionFactory();
    URI first = config.uris().get(0);
    try {
      factory.setUri(first);
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "broker URI " + WarrenConfig.redact(first) + " is not valid: " + e.getMessage(), e);
    }
    factory.setAutomaticRecoveryEnabled(true);
    factory.setTopologyRecoveryEnabled(true);
    factory.setNetworkRecoveryInterval(config.recoveryInterval().toMillis());
    factory.setRequestedHeartbeat((int) Math.max(1, config.heartbeat().toSeconds()));
    factory.setConnectionTimeout(5_000);
    String threads = "warren-" + name.replace('/', '-');
    // A pool rather than a thread factory: amqp-client renames the threads a factory makes to
    // rabbitmq-nio, and a thread dump should say whose connection it is. The loop leaves its thread
    // once the connection closes, and comes back to the pool after a recovery.
    ExecutorService ioLoop =
        io == Io.QUEUED
            ? Executors.newCachedThreadPool(Thread.ofPlatform().name(threads + "-io").factory())
            : null;
    if (ioLoop != null) {
      factory.useNio();
      factory.setNioParams(new NioParams().setNioExecutor(ioLoop));
    }
    List<Address> addresses =
        config.uris().stream()
            .map(u -> new Address(u.getHost(), u.getPort() > 0 ? u.getPort() : 5672))
            .toList();
    // Consumers run their handlers on their channel's dispatch thread (EndpointConsumer), one
    // channel per handler, so this pool must grow to as many channels as have work at once;
    // amqp-client's default is a fixed pool of 2 threads per core. amqp-client gives a channel
    // at most one thread at a time, so the pool never exceeds the number of channels.
    ExecutorService dispatch =
        Executors.newCachedThreadPool(Thread.ofPlatform().name(threads + "-", 1).factory());
    List<ExecutorService> pools = ioLoop == null ? List.of(dispatch) : List.of(dispatch, ioLoop);
    try {
      return new BrokerConnection(name, factory.newConnection(dispatch, addresses, name), pools);
    } catch (IOException | TimeoutException e) {
      pools.forEach(ExecutorService::shutdown);
      throw new BrokerUnavailableException(
          "cannot connect "
              + name
              + " to "
              + addresses
              + " (vhost "
              + factory.getVirtualHost()
              + ", user "
              + factory.getUsername()
              + "): "
              + e
              + ". Is RabbitMQ running and WARREN_AMQP_URI right?",
          e);
    }
  }

  /** What the connection is for, the last part of its name: {@code publish}, {@code consume}. */
  public String purpose() {
    return name.substring(name.lastIndexOf('/') + 1);
  }

  public String name() {
    return name;
  }

  public State state() {
    return state.get();
  }

  /** Why the connection is not usable, for readiness pages and error messages. */
  public String problem() {
    return lastProblem.get();
  }

  /** Throws {@link BrokerUnavailableException} unless the connection can publish right now. */
  public void requireUp(String action) {
    State current = state.get();
    if (current != State.UP) {
      throw unavailable(action + " failed at once", current);
    }
  }

  /**
   * Like {@link #requireUp(String)}, for the paths taken once per message: the text of the action
   * is only built when the connection is not up.
   */
  public void requireUp(java.util.function.Supplier<String> action) {
    State current = state.get();
    if (current != State.UP) {
      throw unavailable(action.get() + " failed at once", current);
    }
  }

  /**
   * Like {@link #requireUp(java.util.function.Supplier)}, but first waits up to {@code patience}
   * for a lost or blocked connection to be usable again: for work already done whose result is
   * worth delivering late rather than not at all, such as a reply its caller still waits for.
   */
  public void requireUp(Duration patience, java.util.function.Supplier<String> action) {
    if (state.get() != State.UP && !awaitUp(patience)) {
      throw unavailable(action.get() + " failed after " + patience.toMillis() + " ms", state.get());
    }
  }

  /** Waits until the connection is up, at most {@code patience}; false if it is not by then. */
  boolean awaitUp(Duration patience) {
    long end = System.nanoTime() + patience.toNanos();
    synchronized (upAgain) {
      State current;
      while ((current = state.get()) != State.UP && current != State.CLOSED) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          upAgain.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return current == State.UP;
    }
  }

  private void wakeWaiters() {
    synchronized (upAgain) {
      upAgain.notifyAll();
    }
  }

  private BrokerUnavailableException unavailable(String failed, State current) {
    return new BrokerUnavailableException(
        failed + ": connection " + name + " is " + current + " (" + problem() + ")");
  }

  /** Runs the callback each time the connection is lost (not on an orderly close). */
  public void onDown(Runnable callback) {
    onDown.add(callback);
  }

  /**
   * Tells {@code listener} (old name, new name) when topology recovery declared a server-named
   * queue again under a new name, so a holder of the old name can follow.
   */
  public void onQueueRenamed(java.util.function.BiConsumer<String, String> listener) {
    if (connection instanceof com.rabbitmq.client.impl.recovery.AutorecoveringConnection c) {
      c.addQueueRecoveryListener(listener::accept);
    }
  }

  public Channel createChannel() throws IOException {
    Channel channel = connection.createChannel();
    if (channel == null) {
      throw new IOException("no channel available on " + name + ": channel_max reached");
    }
    return channel;
  }

  public boolean isOpen() {
    return connection.isOpen();
  }

  private void shutdown(ShutdownSignalException cause) {
    if (cause.isInitiatedByApplication() && state.get() == State.CLOSED) {
      return;
    }
    lastProblem.set(String.valueOf(cause.getMessage()));
    if (state.getAndUpdate(s -> s == State.CLOSED ? s : State.RECOVERING) != State.CLOSED) {
      log.warn("{}: connection lost: {}", name, cause.getMessage());
      onDown.forEach(Runnable::run);
    }
  }

  @Override
  public void close() {
    state.set(State.CLOSED);
    wakeWaiters();
    try {
      if (connection.isOpen()) {
        connection.close(5_000);
      } else {
        connection.abort(1_000);
      }
    } catch (IOException | RuntimeException e) {
      log.debug("{}: close: {}", name, e.toString());
    }
    // amqp-client leaves the pools it was given running; idle threads go, busy handlers finish.
    pools.forEach(ExecutorService::shutdown);
  }
}
