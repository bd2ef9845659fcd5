package warren.messaging.topology;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import warren.messaging.management.ManagementClient;
import warren.messaging.management.Queue;
import warren.messaging.management.QueueStats;

/**
 * Whether a system already runs on a virtual host: some queue of the file has consumers. Two
 * systems started on one vhost share its queues, so each takes the other's commands and RPC
 * requests; a launcher asks this first and refuses to start a second one.
 *
 * <p>The management API's consumer counts lag by up to its statistics interval (5 s by default): a
 * second system started within seconds of the first may slip through, and a system that has just
 * stopped still looks busy for a few seconds, so a busy vhost is looked at again for {@link
 * #SETTLE} before it is refused.
 */
final class VhostInUse {
  /** Longer than RabbitMQ's default statistics interval (collect_statistics_interval, 5 s). */
  static final Duration SETTLE = Duration.ofSeconds(7);

  private VhostInUse() {}

  /** {@code queue: N consumers} for each of the file's queues that has some; empty when idle. */
  static List<String> consumedQueues(ManagementClient mgmt, Definitions file, String vhost) {
    if (!mgmt.vhostExists(vhost)) {
      return List.of();
    }
    Set<String> ours =
        file.queues().stream().map(Queue::name).collect(Collectors.toUnmodifiableSet());
    return mgmt.queueStats(vhost).stream()
        .filter(q -> q.consumers() > 0 && ours.contains(q.name()))
        .sorted(Comparator.comparing(QueueStats::name))
        .map(
            q ->
                q.name() + ": " + q.consumers() + (q.consumers() == 1 ? " consumer" : " consumers"))
        .toList();
  }

  /** Throws, saying what to do, when {@link #consumedQueues} finds any. */
  static void refuseIfInUse(ManagementClient mgmt, Definitions file, String vhost) {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    List<String> consumed = consumedQueues(mgmt, file, vhost);
    while (!consumed.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      consumed = consumedQueues(mgmt, file, vhost);
    }
    if (!consumed.isEmpty()) {
      throw new TopologyException(
          "vhost "
              + vhost
              + " is in use: another system is consuming its queues ("
              + String.join(", ", consumed.subList(0, Math.min(3, consumed.size())))
              + (consumed.size() > 3 ? ", and " + (consumed.size() - 3) + " more" : "")
              + "). Two systems on one vhost take each other's messages. Stop the other one, or"
              + " give this one its own vhost and ports: WARREN_VHOST="
              + vhost
              + "-2 WARREN_PORT_OFFSET=100 ./warren up");
    }
  }
}
