package warren.messaging.scaling;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local autoscaler: runs each worker role as child processes and follows the hints. Every tick it
 * reads the loads ({@link LoadCollector}, with its own replicas' {@code /metrics}), asks the {@link
 * ScalingAdvisor}, starts replicas up to the hint, and drains the ones above it.
 *
 * <p>Each replica gets {@code WARREN_REPLICA=n} and {@code WARREN_HEALTH_PORT=basePort+n-1}; it
 * counts as capacity from its first {@code 200} on {@code /readyz}, and the time until then is the
 * role's measured start-up time. Scaling down sends SIGTERM: the worker's shutdown hook closes its
 * Warren, which cancels the consumers, finishes and acks what it holds, and exits; a draining
 * replica is never counted as capacity, and its messages are never given to anyone else unless it
 * dies. The command must {@code exec} the JVM (as {@code ./warren run} does) so the signal reaches
 * it.
 *
 * <p>Ticks run on one named thread; {@link #tick()} may also be called by tests instead of {@link
 * #start()}. {@link #close()} drains every replica.
 */
public final class Supervisor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

  /** How long {@link #close()} waits for draining replicas before killing them. */
  public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(30);

  /**
   * One worker role under supervision.
   *
   * @param service the role, e.g. {@code store}
   * @param command the command line of one replica, e.g. {@code ./warren run store}
   * @param basePort the health port of replica 1; replica n gets basePort + n − 1
   * @param policy how it is scaled
   */
  public record Role(String service, List<String> command, int basePort, ScalingPolicy policy) {
    public Role {
      command = List.copyOf(command);
      if (command.isEmpty()) {
        throw new IllegalArgumentException("role " + service + " has no command to start");
      }
    }
  }

  /**
   * What one tick saw and did, for one role: a line of the timeline.
   *
   * @param estimate the model's estimate within the bounds, before damping
   */
  public record Tick(
      Instant at,
      ScalingHint hint,
      int estimate,
      int serving,
      int starting,
      int draining,
      List<String> actions) {}

  private final List<Role> roles;
  private final ScalingAdvisor advisor;
  private final LoadCollector collector;
  private final Clock clock;
  private final Path logDirectory;
  private final Map<String, String> environment;
  private final List<Replica> replicas = new CopyOnWriteArrayList<>();
  private final Map<String, Duration> startup = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<Consumer<Tick>> listeners = new CopyOnWriteArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofMillis(300))
          .build();
  private ScheduledExecutorService ticker;

  /**
   * @param management how to read the queues; its vhost is the one the workers use
   * @param environment extra variables for every replica (broker URI, database URL...)
   * @param logDirectory where each replica's output goes ({@code <service>-<n>.log}), or null to
   *     share this process's output
   */
  public Supervisor(
      warren.messaging.management.ManagementClient management,
      String vhost,
      List<Role> roles,
      Map<String, String> environment,
      Path logDirectory,
      Clock clock) {
    this.roles = List.copyOf(roles);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.environment = Map.copyOf(environment);
    this.logDirectory = logDirectory;
    this.advisor = new ScalingAdvisor(this::policyOf, clock);
    this.collector =
        new LoadCollector(
            management,
            vhost,
            this::metricsOf,
            this.roles.stream().map(Role::service).collect(java.util.stream.Collectors.toSet()));
  }

  /** Receives every tick's line, on the ticking thread. */
  public void onTick(Consumer<Tick> listener) {
    listeners.add(listener);
  }

  /** The advisor, for gauges ({@link ScalingGauges}) and the ops API. */
  public ScalingAdvisor advisor() {
    return advisor;
  }

  /** Starts every role's minimum and ticks every {@code interval} on a named thread. */
  public synchronized void start(Duration interval) {
    for (Role role : roles) {
      for (int i = 0; i < role.policy().minReplicas(); i++) {
        launch(role);
      }
    }
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("warren-autoscale").daemon().factory());
    ticker.scheduleWithFixedDelay(
        () -> {
          try {
            tick();
          } catch (RuntimeException e) {
            log.warn("autoscale tick failed, trying again in {}: {}", interval, e.getMessage());
          }
        },
        0,
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** One round: reap, check readiness, read the loads, advise, start or drain replicas. */
  public synchronized List<Tick> tick() {
    reap();
    checkReadiness();
    List<RoleLoad> loads = new ArrayList<>();
    for (RoleLoad load : collector.collect()) {
      Duration measured = startup.get(load.service());
      RoleLoad known =
          load.withReplicas(
              count(load.service(), Status.SERVING), count(load.service(), Status.DRAINING));
      loads.add(measured == null ? known : known.withStartup(measured));
    }
    List<Tick> ticks = new ArrayList<>();
    for (ScalingHint hint : advisor.advise(loads)) {
      Role role = roleOf(hint.service());
      List<String> actions = new ArrayList<>();
      int live = count(role.service(), Status.SERVING) + count(role.service(), Status.STARTING);
      for (int i = live; i < hint.desiredReplicas(); i++) {
        actions.add("started " + launch(role).label());
      }
      if (live > hint.desiredReplicas()) {
        List<Replica> candidates =
            replicas.stream()
                .filter(r -> r.role == role && r.status() != Status.DRAINING)
                .sorted((a, b) -> Integer.compare(b.number, a.number))
                .limit(live - hint.desiredReplicas())
                .toList();
        for (Replica replica : candidates) {
          replica.drain(clock.instant());
          actions.add("draining " + replica.label());
        }
      }
      Tick tick =
          new Tick(
              clock.instant(),
              hint,
              Math.clamp(
                  advisor.assessments().get(role.service()).estimate().replicas(),
                  role.policy().minReplicas(),
                  role.policy().maxReplicas()),
              count(role.service(), Status.SERVING),
              count(role.service(), Status.STARTING),
              count(role.service(), Status.DRAINING),
              List.copyOf(actions));
      actions.forEach(a -> log.info("autoscale {}: {} ({})", role.service(), a, hint.reason()));
      listeners.forEach(l -> l.accept(tick));
      ticks.add(tick);
    }
    return ticks;
  }

  /** Replicas of the role in the given state now. */
  public int count(String service, Status status) {
    return (int)
        replicas.stream()
            .filter(r -> r.role.service().equals(service) && r.status() == status)
            .count();
  }

  /** The processes of the role's replicas now, lowest replica number first. */
  public List<ProcessHandle> processes(String service) {
    return replicas.stream()
        .filter(r -> r.role.service().equals(service))
        .sorted(java.util.Comparator.comparingInt(r -> r.number))
        .map(r -> r.process.toHandle())
        .toList();
  }

  /** The role's measured start-up time, if a replica has become ready. */
  public java.util.Optional<Duration> startupOf(String service) {
    return java.util.Optional.ofNullable(startup.get(service));
  }

  /** Drains every replica, waits up to {@link #DEFAULT_STOP_GRACE}, then kills what remains. */
  @Override
  public synchronized void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    Instant now = clock.instant();
    replicas.forEach(r -> r.drain(now));
    long end = System.nanoTime() + DEFAULT_STOP_GRACE.toNanos();
    for (Replica r : replicas) {
      try {
        if (!r.process.waitFor(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          log.warn("{} did not finish within {}; killing it", r.label(), DEFAULT_STOP_GRACE);
          r.process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        r.process.destroyForcibly();
      }
    }
    replicas.clear();
  }

  /** Where a replica is in its life. */
  public enum Status {
    STARTING,
    SERVING,
    DRAINING
  }

  private Replica launch(Role role) {
    int number = 1;
    while (taken(role, number)) {
      number++;
    }
    Replica replica = Replica.start(role, number, environment, logDirectory, clock.instant());
    replicas.add(replica);
    return replica;
  }

  private boolean taken(Role role, int number) {
    return replicas.stream().anyMatch(r -> r.role == role && r.number == number);
  }

  private void reap() {
    for (Replica r : replicas) {
      if (!r.process.isAlive()) {
        replicas.remove(r);
        if (r.drainingSince == null) {
          log.warn("{} exited by itself with status {}", r.label(), r.process.exitValue());
        } else {
          log.info(
              "{} drained and exited with status {} after {} ms",
              r.label(),
              r.process.exitValue(),
              Duration.between(r.drainingSince, clock.instant()).toMillis());
        }
      }
    }
  }

  private void checkReadiness() {
    for (Replica r : replicas) {
      if (r.readyAt == null && r.drainingSince == null && r.answersReady(http)) {
        r.readyAt = clock.instant();
        startup.put(r.role.service(), Duration.between(r.startedAt, r.readyAt));
      }
    }
  }

  private List<URI> metricsOf(String service) {
    return replicas.stream()
        .filter(r -> r.role.service().equals(service) && r.readyAt != null)
        .map(r -> URI.create("http://127.0.0.1:" + r.port + "/metrics"))
        .toList();
  }

  private ScalingPolicy policyOf(String service) {
    return roleOf(service).policy();
  }

  private Role roleOf(String service) {
    return roles.stream()
        .filter(r -> r.service().equals(service))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no role " + service));
  }
}
