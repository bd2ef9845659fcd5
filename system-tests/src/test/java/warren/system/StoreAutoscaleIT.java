package warren.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.contracts.store.CreatePost;
import warren.contracts.store.StoreApi;
import warren.messaging.Warren;
import warren.messaging.WarrenConfig;
import warren.messaging.management.ManagementClient;
import warren.messaging.scaling.ScalingPolicy;
import warren.messaging.scaling.Supervisor;
import warren.messaging.topology.Definitions;
import warren.messaging.topology.TopologyApplier;
import warren.store.StoreWorker;
import warren.testkit.Conditions;
import warren.testkit.FreePorts;
import warren.testkit.IsolatedVhost;
import warren.testkit.TestDatabase;

/**
 * Issue 7's demonstration with the real store worker: its replicas are `warren.store.Main`
 * processes started and drained by the supervisor, the topology is the repository's, and the
 * handler is slowed the way a busy database would slow it — a trigger that sleeps in each insert. A
 * flood of post commands makes the hint rise with its reason, the supervisor scales out, the
 * backlog drains within the target, hint and replicas fall back after the window, and every post is
 * stored exactly once.
 */
class StoreAutoscaleIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();
  @RegisterExtension static final TestDatabase database = new TestDatabase();

  static final int POSTS = 1_500;
  static final int FLOOD_PER_SECOND = 200; // 7.5 s: longer than the management API's sampling
  // One replica clears 100 posts/s, half the flood, whatever its number of handler threads.
  static final double INSERT_SLEEP_SECONDS = StoreWorker.CREATE_POST_CONCURRENCY / 100.0;
  static final Duration TARGET = ScalingPolicy.DEFAULT_TARGET;
  static final Duration WINDOW = Duration.ofSeconds(10);
  static final ScalingPolicy POLICY =
      ScalingPolicy.defaults()
          .target(TARGET)
          .replicas(1, 4)
          .stabilisation(WINDOW)
          .assumedProcessing(Duration.ofMillis(50))
          .assumedStartup(Duration.ofSeconds(5));

  record Line(double t, long depth, int estimate, int hint, int serving, String what) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%6.1f s  depth %5d  estimate %d  hint %d  serving %d  %s",
          t,
          depth,
          estimate,
          hint,
          serving,
          what);
    }
  }

  @Test
  void a_flood_of_posts_scales_the_store_out_and_back_and_stores_each_post_once() throws Exception {
    ManagementClient management =
        ManagementClient.builder()
            .uri(broker.broker().managementUri())
            .credentials(broker.broker().user(), broker.broker().password())
            .build();
    new TopologyApplier(management).apply(Definitions.bundled(), broker.vhost());
    String storeUri =
        broker.amqpUri().toString().replace("://guest:guest@", "://store:store-dev-password@");
    Path logs = Path.of("target", "store-autoscale");
    Supervisor supervisor =
        new Supervisor(
            management,
            broker.vhost(),
            List.of(new Supervisor.Role("store", storeCommand(), FreePorts.run(6), POLICY)),
            Map.of("WARREN_AMQP_URI", storeUri, "WARREN_DB_URL", database.jdbcUrl()),
            logs,
            Clock.systemUTC());
    List<Line> timeline = new CopyOnWriteArrayList<>();
    Instant[] floodStart = {Instant.now()};
    supervisor.onTick(
        tick ->
            timeline.add(
                new Line(
                    Duration.between(floodStart[0], tick.at()).toMillis() / 1000.0,
                    tick.hint().depth(),
                    tick.estimate(),
                    tick.hint().desiredReplicas(),
                    tick.serving(),
                    String.join(", ", tick.actions())
                        + (tick.actions().isEmpty() ? "" : " — ")
                        + tick.hint().reason())));
    try {
      supervisor.start(Duration.ofSeconds(1));
      Conditions.waitUntil(
          Duration.ofSeconds(90),
          () -> supervisor.count("store", Supervisor.Status.SERVING) == 1,
          "the first store replica to become ready (it migrates the schema)");
      sql(
          "CREATE FUNCTION store.slow_insert() RETURNS trigger LANGUAGE plpgsql AS $$"
              + " BEGIN PERFORM pg_sleep("
              + INSERT_SLEEP_SECONDS
              + "); RETURN NEW; END $$;"
              + " CREATE TRIGGER slow_insert BEFORE INSERT ON store.posts"
              + " FOR EACH ROW EXECUTE FUNCTION store.slow_insert()");

      floodStart[0] = Instant.now();
      // Forty authors: one author's posts would all wait on that author's row in store.users.
      List<String> authors =
          java.util.stream.IntStream.range(0, 40)
              .mapToObj(k -> UUID.randomUUID().toString())
              .toList();
      try (Warren web =
          Warren.connect(WarrenConfig.builder().service("web").uri(broker.amqpUri()).build())) {
        long start = System.nanoTime();
        for (int i = 0; i < POSTS; i++) {
          String id = UUID.randomUUID().toString();
          web.send(
              StoreApi.CREATE_POST,
              new CreatePost(
                  id, authors.get(i % 40), "flooder_" + (i % 40), "post " + i, Instant.now()),
              "post-" + id);
          long due = start + i * 1_000_000_000L / FLOOD_PER_SECOND;
          Conditions.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
        }
      }
      Conditions.waitUntil(
          Duration.ofSeconds(120), () -> count("store.posts") == POSTS, "every post stored");
      double drainedAt = Duration.between(floodStart[0], Instant.now()).toMillis() / 1000.0;
      Conditions.waitUntil(
          Duration.ofSeconds(90),
          () ->
              supervisor.count("store", Supervisor.Status.SERVING) == 1
                  && supervisor.count("store", Supervisor.Status.DRAINING) == 0
                  && supervisor.count("store", Supervisor.Status.STARTING) == 0
                  && !timeline.isEmpty()
                  && timeline.getLast().hint() == 1,
          "hint and replicas to fall back to 1");

      StringBuilder report =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "%d posts, all stored at %.1f s; start-up %s%n",
                  POSTS,
                  drainedAt,
                  supervisor.startupOf("store").orElse(null)));
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
      assertTrue(
          timeline.stream().mapToInt(Line::serving).max().orElse(0) >= 2,
          "the supervisor scaled out:\n" + report);
      assertTrue(
          drainedAt - rise.t() <= TARGET.toSeconds(),
          "drained " + (drainedAt - rise.t()) + " s after the hint rose:\n" + report);
      assertEquals(POSTS, count("store.posts"), "stored once each");
    } finally {
      supervisor.close();
    }
  }

  /** One store replica: this JVM's java and class path (the store worker is on it). */
  private static List<String> storeCommand() {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m",
        "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC",
        "-cp",
        System.getProperty("java.class.path"),
        "warren.store.Main");
  }

  private static void sql(String statements) throws Exception {
    try (Connection c = DriverManager.getConnection(database.jdbcUrl());
        Statement s = c.createStatement()) {
      s.execute(statements);
    }
  }

  private static long count(String table) {
    try (Connection c = DriverManager.getConnection(database.jdbcUrl());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    } catch (Exception e) {
      return -1;
    }
  }
}
