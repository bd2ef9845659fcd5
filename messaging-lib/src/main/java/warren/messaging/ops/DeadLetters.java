package warren.messaging.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import warren.messaging.BrokerUnavailableException;
import warren.messaging.WarrenException;
import warren.messaging.internal.TopologyDeclarer;
import warren.messaging.management.ManagementClient;
import warren.messaging.management.QueueStats;

/**
 * The operators' view of the dead-letter queues ({@code <queue>.dlq}, fed by {@code warren.dlx}):
 * list them, read their messages, group failures, replay, discard, export. Web and the CLI share
 * it.
 *
 * <p><b>Reading removes nothing.</b> A read takes all of the queue's messages with {@code
 * basic.get} and manual acknowledgement on one channel, holding them unacknowledged while it looks
 * at them, then gives every one back with {@code basic.nack(requeue=true)}, one at a time and in
 * the order they came. RabbitMQ 3.10's quorum queues put returned messages at the back (newer
 * versions at the front, in order); either way, because all of them are taken and returned in
 * order, the queue ends in the order it had (a read with a limit still takes them all for that
 * reason). Warren's attempt counter ({@code x-warren-attempt}) is a header the broker never
 * changes, so reading spends no retry budget; the broker's own return count ({@code
 * x-delivery-count}) does grow, which is why dead-letter queues have no delivery limit, why records
 * leave that header out and why a replay strips it. If this process dies while holding messages,
 * the broker returns them by itself when the connection drops (then in no guaranteed order). While
 * one read, replay or discard holds a queue's messages, another one at the same moment sees only
 * those not held, and a message dead-lettered during a read lands ahead of the ones held.
 *
 * <p><b>A replay never loses a message.</b> ({@link Republisher}) Each selected message is
 * republished (persistent, mandatory) on a channel in confirm mode, and acknowledged (removed from
 * the dead-letter queue) only after the broker confirmed the copy. A crash between the two leaves
 * the message in both places: the consumer's idempotency (message ids are kept) absorbs the
 * duplicate. The copy goes back with its failure marks removed (attempt counter, reason, error,
 * death records) so it gets its full retries again, with {@code x-warren-replay-count} raised by
 * one and {@code x-warren-first-dead-at} kept, so a message that fails again shows as a repeated
 * failure.
 *
 * <p>Every method blocks. One instance may be used by several threads: each call works on its own
 * channels, and calls on the same queue take turns, so share one instance per process (web: one for
 * all requests). Two processes working on one queue at the same moment are not coordinated: the
 * second sees only the messages the first does not hold. Close it to close its AMQP connection.
 *
 * <pre>{@code
 * try (DeadLetters dlq = DeadLetters.connect(URI.create("amqp://guest:guest@127.0.0.1/warren"),
 *     ManagementClient.builder().build())) {
 *   dlq.read("store.create-post.dlq").forEach(System.out::println);
 *   dlq.replay("store.create-post.dlq", Selection.all(), false);
 * }
 * }</pre>
 */
public final class DeadLetters implements AutoCloseable {
  /** How long a replay waits for the broker to confirm one republished message. */
  public static final Duration DEFAULT_CONFIRM_TIMEOUT = Duration.ofSeconds(10);

  /**
   * The most messages one read holds at once. A deeper queue is read in part, and each read then
   * moves the first {@value} behind the others.
   */
  public static final int MAX_HELD = 50_000;

  private final Connection connection;
  private final ManagementClient management;
  private final String vhost;
  private final Duration confirmTimeout;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  private DeadLetters(
      Connection connection, ManagementClient management, String vhost, Duration confirmTimeout) {
    this.connection = connection;
    this.management = management;
    this.vhost = vhost;
    this.confirmTimeout = confirmTimeout;
  }

  /**
   * Connects to the broker of {@code amqpUri} (its path names the vhost, {@code /} when empty),
   * with a user that may read, write and configure the dead-letter queues and write to the original
   * exchanges; {@code management} lists the queues.
   */
  public static DeadLetters connect(URI amqpUri, ManagementClient management) {
    Objects.requireNonNull(management, "management");
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(amqpUri);
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "AMQP URI " + redact(amqpUri) + " is not valid: " + e.getMessage(), e);
    }
    factory.setConnectionTimeout(5_000);
    try {
      Connection connection = factory.newConnection("ops@" + host() + "/dead-letters");
      return new DeadLetters(
          connection, management, factory.getVirtualHost(), DEFAULT_CONFIRM_TIMEOUT);
    } catch (IOException | TimeoutException e) {
      throw new BrokerUnavailableException(
          "cannot connect to "
              + redact(amqpUri)
              + " ("
              + e
              + "): is RabbitMQ running, and are WARREN_AMQP_URI's user and vhost right?",
          e);
    }
  }

  /** The virtual host whose dead-letter queues this reads. */
  public String vhost() {
    return vhost;
  }

  /** Every dead-letter queue of the vhost with its message count, by name. */
  public List<DeadLetterQueue> queues() {
    List<DeadLetterQueue> queues = new ArrayList<>();
    for (QueueStats stats : management.queueStats(vhost)) {
      if (stats.name().endsWith(TopologyDeclarer.DLQ_SUFFIX)) {
        queues.add(new DeadLetterQueue(stats.name(), count(stats.name())));
      }
    }
    queues.sort(Comparator.comparing(DeadLetterQueue::queue));
    return queues;
  }

  /** Messages waiting in the dead-letter queue now (asked over AMQP, not a sampled statistic). */
  public long count(String queue) {
    requireDeadLetterQueue(queue);
    try (Channel ch = open()) {
      return ch.queueDeclarePassive(queue).getMessageCount();
    } catch (IOException | TimeoutException e) {
      throw new WarrenException("counting " + queue + " failed: " + rootMessage(e), e);
    }
  }

  /** Every message of the dead-letter queue, oldest first, leaving them where they are. */
  public List<DeadLetter> read(String queue) {
    return read(queue, MAX_HELD);
  }

  /** The first {@code limit} messages of the dead-letter queue, leaving them where they are. */
  public List<DeadLetter> read(String queue, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    // Every message is taken even for a small limit: they all go back, in order, behind whatever
    // was left in the queue, so only taking them all keeps the order.
    return browse(
        queue,
        held -> held.messages().stream().limit(limit).map(HeldMessages.Message::letter).toList());
  }

  /** The queue's failures grouped by error class and endpoint, largest group first. */
  public List<DeadLetterGroup> groups(String queue) {
    return groups(read(queue));
  }

  /** Groups already read dead letters by error class and endpoint, largest group first. */
  public static List<DeadLetterGroup> groups(List<DeadLetter> letters) {
    Map<String, List<DeadLetter>> byGroup = new LinkedHashMap<>();
    letters.forEach(l -> byGroup.computeIfAbsent(l.group(), g -> new ArrayList<>()).add(l));
    List<DeadLetterGroup> groups = new ArrayList<>();
    byGroup.forEach(
        (group, members) -> {
          List<String> times =
              members.stream()
                  .map(DeadLetter::firstDeadAt)
                  .filter(Objects::nonNull)
                  .sorted()
                  .toList();
          DeadLetter first = members.get(0);
          groups.add(
              new DeadLetterGroup(
                  group,
                  first.errorClass(),
                  first.originalRoutingKey(),
                  members.size(),
                  times.isEmpty() ? null : times.get(0),
                  times.isEmpty() ? null : times.get(times.size() - 1)));
        });
    groups.sort(Comparator.comparingInt(DeadLetterGroup::count).reversed());
    return groups;
  }

  /**
   * Sends the selected messages back to where they were going (see {@link Letters#destination}),
   * each removed from the dead-letter queue only once the broker confirmed its copy. A dry run only
   * answers the plan. Stops at the first copy the broker refuses or cannot route, saying how many
   * went before it; that one and the rest stay dead-lettered.
   *
   * @throws DeadLetterNotFoundException for an unknown queue, or ids or a group matching nothing
   */
  public ReplayResult replay(String queue, Selection selection, boolean dryRun) {
    return browse(
        queue,
        held -> {
          List<HeldMessages.Message> chosen = select(queue, held.messages(), selection);
          String source = Letters.sourceQueue(queue);
          if (dryRun) {
            return new ReplayResult(
                0, chosen.stream().map(m -> Letters.destination(m.letter(), source)).toList());
          }
          return new ReplayResult(
              new Republisher(connection, confirmTimeout).replay(queue, held, chosen), null);
        });
  }

  /**
   * Removes the selected messages for good.
   *
   * @throws DeadLetterNotFoundException for an unknown queue, or ids or a group matching nothing
   */
  public DiscardResult discard(String queue, Selection selection) {
    return browse(
        queue,
        held -> {
          List<HeldMessages.Message> chosen = select(queue, held.messages(), selection);
          for (HeldMessages.Message m : chosen) {
            held.remove(m);
          }
          return new DiscardResult(chosen.size());
        });
  }

  /**
   * Writes every message of the queue as one JSON object per line (the {@link DeadLetter} shape:
   * headers and body included), leaving them in the queue; returns how many. {@code
   * warren.testkit.MessageFixtures} loads such a file back as test fixtures.
   */
  public int export(String queue, OutputStream out) {
    List<DeadLetter> letters = read(queue);
    try {
      for (DeadLetter letter : letters) {
        out.write(json.writeValueAsBytes(letter));
        out.write('\n');
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the export of " + queue + ": " + e, e);
    }
    return letters.size();
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (IOException | RuntimeException e) {
      // already closed or the broker went away: nothing is held any more either way
    }
  }

  private static List<HeldMessages.Message> select(
      String queue, List<HeldMessages.Message> held, Selection selection) {
    List<HeldMessages.Message> chosen =
        held.stream().filter(m -> selection.matches(m.letter())).toList();
    if (selection instanceof Selection.Ids ids) {
      Set<String> missing = new LinkedHashSet<>(ids.ids());
      chosen.forEach(m -> missing.remove(m.letter().id()));
      if (!missing.isEmpty()) {
        throw new DeadLetterNotFoundException(
            "no message with id "
                + String.join(", ", missing)
                + " in "
                + queue
                + " ("
                + held.size()
                + " message(s) there): 'warren dlq show "
                + queue
                + "' lists their ids; nothing was changed");
      }
    }
    if (selection instanceof Selection.Group group && chosen.isEmpty()) {
      throw new DeadLetterNotFoundException(
          "no failure group '"
              + group.group()
              + "' in "
              + queue
              + ": 'warren dlq groups "
              + queue
              + "' lists them; nothing was changed");
    }
    return chosen;
  }

  /**
   * Takes every message of the queue (up to {@link #MAX_HELD}), lets the work act on them, then
   * gives back, in order, every one the work did not remove.
   */
  private <T> T browse(String queue, BrowseWork<T> work) {
    requireDeadLetterQueue(queue);
    // Two operations of this instance on one queue take turns: the second would see only what
    // the first does not hold.
    ReentrantLock lock = locks.computeIfAbsent(queue, q -> new ReentrantLock());
    lock.lock();
    try (HeldMessages held = HeldMessages.take(open(), queue, MAX_HELD)) {
      return work.run(held);
    } catch (IOException e) {
      throw new WarrenException("working on " + queue + " failed: " + rootMessage(e), e);
    } finally {
      lock.unlock();
    }
  }

  private void requireDeadLetterQueue(String queue) {
    if (queue == null || !queue.endsWith(TopologyDeclarer.DLQ_SUFFIX)) {
      throw new DeadLetterNotFoundException(
          "'"
              + queue
              + "' is not a dead-letter queue: their names end in "
              + TopologyDeclarer.DLQ_SUFFIX
              + " ('warren dlq list' shows them)");
    }
    try (Channel ch = open()) {
      ch.queueDeclarePassive(queue);
    } catch (IOException e) {
      throw new DeadLetterNotFoundException(
          "no dead-letter queue "
              + queue
              + " in vhost "
              + vhost
              + ": 'warren dlq list' shows those there are");
    } catch (TimeoutException e) {
      throw new BrokerUnavailableException("checking " + queue + " timed out", e);
    }
  }

  private Channel open() {
    try {
      Channel channel = connection.createChannel();
      if (channel == null) {
        throw new BrokerUnavailableException("no channel left on the ops connection");
      }
      return channel;
    } catch (IOException e) {
      throw new BrokerUnavailableException(
          "cannot open a channel to vhost " + vhost + ": " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  private static String host() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  static String redact(URI uri) {
    String info = uri.getUserInfo();
    return info == null
        ? uri.toString()
        : uri.toString().replace(info, info.split(":")[0] + ":***");
  }

  /** The vhost an AMQP URI names by its path ({@code /} when it has none). */
  static String vhostOf(URI amqpUri) {
    String path = amqpUri.getRawPath();
    return path == null || path.length() <= 1
        ? "/"
        : java.net.URLDecoder.decode(path.substring(1), java.nio.charset.StandardCharsets.UTF_8);
  }

  @FunctionalInterface
  private interface BrowseWork<T> {
    T run(HeldMessages held) throws IOException;
  }
}
