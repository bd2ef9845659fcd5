package warren.messaging.scaling;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import warren.messaging.management.ConsumerInfo;
import warren.messaging.management.ManagementClient;
import warren.messaging.management.QueueStats;

/**
 * Gathers the inputs of the deadline model: every worker queue's depth, consumers and publish rate
 * from the management API, joined with the processing times, concurrency and start-up time the
 * role's workers publish on {@code /metrics}.
 *
 * <p>A worker queue is a queue named {@code <service>.<name>} that is not a dead-letter queue
 * ({@code .dlq}), not Warren's own ({@code warren.*}) and not server-named ({@code amq.*}); its
 * role is the part before the first dot. Thread-safe if the given functions are.
 */
public final class LoadCollector {
  private final ManagementClient management;
  private final String vhost;
  private final Function<String, List<URI>> metricsOf;
  private final Set<String> services;
  private final ProcessingTimes times = new ProcessingTimes();

  /**
   * @param metricsOf the {@code /metrics} URLs of a role's replicas (may be empty)
   * @param services the roles to report, or empty for every role with a worker queue
   */
  public LoadCollector(
      ManagementClient management,
      String vhost,
      Function<String, List<URI>> metricsOf,
      Set<String> services) {
    this.management = Objects.requireNonNull(management, "management");
    this.vhost = Objects.requireNonNull(vhost, "vhost");
    this.metricsOf = Objects.requireNonNull(metricsOf, "metricsOf");
    this.services = Set.copyOf(services);
  }

  /** The role a queue belongs to, or null if it is not a worker queue. */
  public static String serviceOf(String queue) {
    int dot = queue.indexOf('.');
    if (dot <= 0
        || queue.endsWith(".dlq")
        // a process's own stream-control queue, not work of the role
        || queue.startsWith(queue.substring(0, dot) + ".control.")
        || queue.startsWith("warren.")
        || queue.startsWith("amq.")) {
      return null;
    }
    return queue.substring(0, dot);
  }

  /** One load per worker queue, grouped by role in the broker's order. */
  public List<RoleLoad> collect() {
    Map<String, List<QueueStats>> byService = new HashMap<>();
    List<String> order = new ArrayList<>();
    for (QueueStats q : management.queueStats(vhost)) {
      String service = serviceOf(q.name());
      if (service == null || (!services.isEmpty() && !services.contains(service))) {
        continue;
      }
      if (!byService.containsKey(service)) {
        order.add(service);
      }
      byService.computeIfAbsent(service, s -> new ArrayList<>()).add(q);
    }
    // A replica consumes a queue on one channel or more (more as its handlers get busy), all on one
    // connection: its replicas are the connections among the queue's consumers.
    Map<String, Set<String>> connections = new HashMap<>();
    for (ConsumerInfo c : management.consumers(vhost)) {
      connections.computeIfAbsent(c.queue(), q -> new HashSet<>()).add(c.connectionName());
    }
    List<RoleLoad> loads = new ArrayList<>();
    for (String service : order) {
      Map<String, ProcessingTimes.Measured> measured = times.measure(metricsOf.apply(service));
      for (QueueStats q : byService.get(service)) {
        ProcessingTimes.Measured m = measured.get(q.name());
        RoleLoad load =
            new RoleLoad(
                service,
                q.name(),
                q.messagesReady(),
                q.messagesUnacknowledged(),
                q.publishRate(),
                q.consumers(),
                m == null ? null : m.mean(),
                m == null ? null : m.p99(),
                m == null ? 0 : m.concurrency(),
                m == null ? null : m.startup(),
                connections.getOrDefault(q.name(), Set.of()).size(),
                0);
        loads.add(load);
      }
    }
    return loads;
  }
}
