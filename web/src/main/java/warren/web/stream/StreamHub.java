package warren.web.stream;

import io.undertow.server.handlers.sse.ServerSentEventConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import warren.contracts.notify.NotifyApi;
import warren.contracts.store.Post;
import warren.messaging.NotificationListener;
import warren.messaging.Warren;
import warren.web.http.JsonBodies;

/**
 * The live streams open on this web instance, fed by this instance's own notification queue. The
 * queue is bound to {@code user.<id>} while at least one stream of that user is open here and
 * unbound when the last one closes, so each instance receives exactly the notifications of its own
 * connected users, and each of them once, however many instances run.
 *
 * <p>When this instance loses its broker connection, its queue goes with it, and posts published
 * until it is back would never reach the open streams: every stream is ended then, so browsers
 * reconnect (answered 503 until the broker is back) and catch up from the timeline, as the app does
 * after any dropped stream.
 *
 * <p>Thread rules: {@link #open} and {@link Subscription#close} may be called from any thread (they
 * block on the broker to bind and unbind, so not from an I/O thread); notifications arrive on the
 * listener's thread. All state is guarded by this hub's monitor.
 */
public final class StreamHub implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StreamHub.class);

  /** How many recent post ids each stream remembers to drop a notification sent twice. */
  private static final int RECENT_IDS = 256;

  private final NotificationListener listener;
  private final Duration keepAlive;
  private final Map<String, List<Subscription>> byUser = new HashMap<>();
  private final Object bindLock = new Object();

  /**
   * @param keepAlive how often an idle stream gets a comment line (API.md: at least every 15 s)
   */
  public StreamHub(Warren warren, Duration keepAlive) {
    this.keepAlive = keepAlive;
    this.listener = warren.listen(Post.class, this::deliver);
    listener.onInterrupted(this::endEveryStream);
  }

  /**
   * Starts receiving the user's notifications: binds this instance's queue before returning, so
   * nothing posted after this call is missed. Posts arriving before {@link Subscription#attach} are
   * kept and sent on attach.
   */
  public Subscription open(String userId) {
    Subscription subscription = new Subscription(userId);
    synchronized (this) {
      byUser.computeIfAbsent(userId, id -> new ArrayList<>()).add(subscription);
    }
    try {
      reconcile(userId);
    } catch (RuntimeException e) {
      subscription.close();
      throw e;
    }
    return subscription;
  }

  /** Open streams on this instance. */
  public synchronized int size() {
    return byUser.values().stream().mapToInt(List::size).sum();
  }

  private void deliver(String routingKey, Post post) {
    String userId = routingKey.substring(routingKey.indexOf('.') + 1);
    List<Subscription> targets;
    synchronized (this) {
      targets = List.copyOf(byUser.getOrDefault(userId, List.of()));
    }
    targets.forEach(s -> s.send(post));
  }

  private void release(Subscription subscription) {
    synchronized (this) {
      List<Subscription> list = byUser.get(subscription.userId);
      if (list == null || !list.remove(subscription)) {
        return;
      }
      if (list.isEmpty()) {
        byUser.remove(subscription.userId);
      }
    }
    // Streams end on I/O threads, which must not wait for the broker.
    Thread.ofVirtual()
        .name("web-stream-unbind")
        .start(
            () -> {
              try {
                reconcile(subscription.userId);
              } catch (RuntimeException e) {
                log.warn(
                    "cannot unbind the stream of user {}: {}", subscription.userId, e.toString());
              }
            });
  }

  /**
   * Makes the queue's binding for the user match whether any stream of theirs is open. Binding and
   * unbinding are serialized and always read the current state, so a stream opened while the
   * previous one's unbind is under way still ends up bound.
   */
  private void reconcile(String userId) {
    synchronized (bindLock) {
      boolean wanted;
      synchronized (this) {
        wanted = byUser.containsKey(userId);
      }
      String key = NotifyApi.notificationRoutingKey(userId);
      if (wanted) {
        listener.bind(key);
      } else {
        listener.unbind(key);
      }
    }
  }

  /** Ends every stream (clients reconnect to another instance) and closes the queue. */
  @Override
  public void close() {
    endEveryStream();
    listener.close();
  }

  private void endEveryStream() {
    List<Subscription> all;
    synchronized (this) {
      all = byUser.values().stream().flatMap(List::stream).toList();
    }
    if (!all.isEmpty()) {
      log.info("ending {} live streams: their browsers reconnect and catch up", all.size());
    }
    all.forEach(Subscription::shutdown);
  }

  /** One open stream of one user. */
  public final class Subscription implements AutoCloseable {
    private final String userId;
    private final SequencedSet<String> recent = new LinkedHashSet<>();
    private List<Post> pending = new ArrayList<>();
    private ServerSentEventConnection connection;
    private boolean closed;

    private Subscription(String userId) {
      this.userId = userId;
    }

    /** Sends to {@code connection} from now on, starting with anything that came meanwhile. */
    public void attach(ServerSentEventConnection connection) {
      List<Post> backlog;
      synchronized (this) {
        if (closed) {
          shutdown(connection);
          return;
        }
        this.connection = connection;
        backlog = pending;
        pending = null;
      }
      connection.setKeepAliveTime(keepAlive.toMillis());
      connection.addCloseTask(c -> close());
      backlog.forEach(this::send);
    }

    synchronized void send(Post post) {
      if (closed || !recent.add(post.id())) {
        return;
      }
      if (recent.size() > RECENT_IDS) {
        recent.removeFirst();
      }
      if (connection == null) {
        pending.add(post);
        return;
      }
      connection.send(JsonBodies.write(post), "post", post.id(), null);
    }

    /** Stops this stream's notifications; unbinds the user when it was their last. Idempotent. */
    @Override
    public void close() {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
      }
      release(this);
    }

    private void shutdown() {
      ServerSentEventConnection c;
      synchronized (this) {
        c = connection;
      }
      close();
      if (c != null) {
        shutdown(c);
      }
    }

    private void shutdown(ServerSentEventConnection c) {
      try {
        c.close();
      } catch (IOException e) {
        log.debug("closing stream of {}: {}", userId, e.toString());
      }
    }
  }
}
