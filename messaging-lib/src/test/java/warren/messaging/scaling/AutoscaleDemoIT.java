package warren.messaging.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.messaging.Warren;
import warren.messaging.WarrenConfig;
import warren.messaging.management.ManagementClient;
import warren.messaging.ops.OpsFixtures;
import warren.testkit.Conditions;
import warren.testkit.FreePorts;
import warren.testkit.IsolatedVhost;
import warren.testkit.TestDatabase;

/**
 * The demonstration on the real broker: a flood of commands on a slowed endpoint, the hint rising
 * with its reason, the supervisor starting real worker JVMs, the backlog draining within the
 * target, then hint and replicas falling back after the stabilisation window; every command applied
 * exactly once and handled exactly once (graceful drains redeliver nothing).
 */
class AutoscaleDemoIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();
  @RegisterExtension static final TestDatabase database = new TestDatabase();

  static volatile Instant floodStart = Instant.now();

  static final int COMMANDS = 2_000;

  /**
   * The flood lasts 8 s, longer than the management API's 5 s sampling, so its arrival rate is
   * seen, as it would be for any real burst.
   */
  static final int FLOOD_PER_SECOND = 250;

  static final long DELAY_MS = 40; // one replica (concurrency 2) clears 50/s
  static final Duration TARGET = ScalingPolicy.DEFAULT_TARGET;
  static final Duration WINDOW = Duration.ofSeconds(10);
  static final ScalingPolicy POLICY =
      ScalingPolicy.defaults()
          .target(TARGET)
          .replicas(1, 4)
          .stabilisation(WINDOW)
          .assumedProcessing(Duration.ofMillis(DELAY_MS))
          .assumedConcurrency(2)
          .assumedStartup(Duration.ofSeconds(5));

  record Line(
      Instant at,
      long depth,
      int estimate,
      int hint,
      int serving,
      int starting,
      int draining,
      String what) {
    /** Seconds since the flood began (negative before). */
    double t() {
      return Duration.between(floodStart, at).toMillis() / 1000.0;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%6.1f s  depth %5d  estimate %d  hint %d  serving %d  starting %d  draining %d  %s",
          t(),
          depth,
          estimate,
          hint,
          serving,
          starting,
          draining,
          what);
    }
  }

  @Test
  void a_flood_scales_out_drains_within_the_target_and_falls_back_after_the_window()
      throws Exception {
    DemoTables.create(database);
    ManagementClient management = OpsFixtures.management();
    List<String> command = workerCommand();
    Path logs = Path.of("target", "autoscale-demo");
    Supervisor supervisor =
        new Supervisor(
            management,
            broker.vhost(),
            List.of(new Supervisor.Role("demo", command, FreePorts.run(6), POLICY)),
            Map.of(
                "WARREN_AMQP_URI", broker.amqpUri().toString(),
                "WARREN_DB_URL", database.jdbcUrl(),
                "DEMO_DELAY_MS", Long.toString(DELAY_MS)),
            logs,
            Clock.systemUTC());
    List<Line> timeline = new CopyOnWriteArrayList<>();
    supervisor.onTick(
        tick ->
            timeline.add(
                new Line(
                    tick.at(),
                    tick.hint().depth(),
                    tick.estimate(),
                    tick.hint().desiredReplicas(),
                    tick.serving(),
                    tick.starting(),
                    tick.draining(),
                    String.join(", ", tick.actions())
                        + (tick.actions().isEmpty() ? "" : " — ")
                        + tick.hint().reason())));
    try {
      supervisor.start(Duration.ofSeconds(1));
      Conditions.waitUntil(
          Duration.ofSeconds(60),
          () -> supervisor.count("demo", Supervisor.Status.SERVING) == 1,
          "the first replica to become ready");

      floodStart = Instant.now();
      try (Warren sender =
          Warren.connect(WarrenConfig.builder().service("flood").uri(broker.amqpUri()).build())) {
        long start = System.nanoTime();
        for (int i = 0; i < COMMANDS; i++) {
          sender.send(SlowWorker.WORK, new SlowWorker.Work(i), "cmd-" + i);
          long due = start + i * 1_000_000_000L / FLOOD_PER_SECOND;
          Conditions.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
        }
      }
      double sentAfter = Duration.between(floodStart, Instant.now()).toMillis() / 1000.0;

      Conditions.waitUntil(
          Duration.ofSeconds(90),
          () -> DemoTables.count(database, "SELECT count(*) FROM applied") == COMMANDS,
          "every command to be applied");
      double drainedAt = Duration.between(floodStart, Instant.now()).toMillis() / 1000.0;

      Conditions.waitUntil(
          Duration.ofSeconds(60),
          () ->
              supervisor.count("demo", Supervisor.Status.SERVING) == 1
                  && supervisor.count("demo", Supervisor.Status.DRAINING) == 0
                  && supervisor.count("demo", Supervisor.Status.STARTING) == 0
                  && !timeline.isEmpty()
                  && timeline.getLast().hint() == 1,
          "hint and replicas to fall back to 1");
      double settledAt = Duration.between(floodStart, Instant.now()).toMillis() / 1000.0;

      StringBuilder report = new StringBuilder();
      report.append(
          String.format(
              Locale.ROOT,
              "%d commands sent in %.1f s; all applied at %.1f s; back to 1 replica at %.1f s;"
                  + " measured start-up %s%n",
              COMMANDS,
              sentAfter,
              drainedAt,
              settledAt,
              supervisor.startupOf("demo").orElse(null)));
      timeline.forEach(line -> report.append(line).append('\n'));
      System.out.print(report);
      Files.createDirectories(logs);
      Files.writeString(logs.resolve("timeline.txt"), report.toString());

      Line rise =
          timeline.stream()
              .filter(l -> l.hint() > 1)
              .findFirst()
              .orElseThrow(() -> new AssertionError("the hint never rose:\n" + report));
      assertTrue(rise.what().contains("backlog"), "the rise says why: " + rise);
      int peak = timeline.stream().mapToInt(Line::serving).max().orElse(0);
      assertTrue(peak >= 2, "the supervisor scaled out:\n" + report);
      assertTrue(
          drainedAt - rise.t() <= TARGET.toSeconds(),
          "drained " + (drainedAt - rise.t()) + " s after the hint rose:\n" + report);
      Line fall =
          timeline.stream()
              .filter(l -> l.t() > rise.t() && l.hint() == 1)
              .findFirst()
              .orElseThrow();
      Line lastHigh =
          timeline.stream()
              .filter(l -> l.t() < fall.t() && l.estimate() > 1)
              .reduce((x, y) -> y)
              .orElseThrow();
      assertTrue(
          fall.t() - lastHigh.t() >= WINDOW.toSeconds() - 1.5,
          "the hint fell only a window after the estimate did (" + lastHigh + "):\n" + report);

      assertEquals(
          COMMANDS,
          DemoTables.count(database, "SELECT count(*) FROM applied"),
          "applied once each");
      assertEquals(
          COMMANDS, DemoTables.count(database, "SELECT count(DISTINCT message_id) FROM attempts"));
      assertEquals(
          COMMANDS,
          DemoTables.count(database, "SELECT count(*) FROM attempts"),
          "no command was handled twice: draining replicas finished and acked what they held");
    } finally {
      supervisor.close();
    }
  }

  /** The command line of one {@link SlowWorker} replica: this JVM's java and class path. */
  static List<String> workerCommand() {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx96m",
        "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC",
        "-cp",
        System.getProperty("java.class.path"),
        SlowWorker.class.getName());
  }
}
