package warren.messaging.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.messaging.Warren;
import warren.messaging.WarrenConfig;
import warren.messaging.ops.OpsFixtures;
import warren.testkit.Conditions;
import warren.testkit.IsolatedVhost;
import warren.testkit.TestDatabase;

/** The supervisor's failure paths with real child JVMs: a replica killed, and closing. */
class SupervisorIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();
  @RegisterExtension static final TestDatabase database = new TestDatabase();

  static final int COMMANDS = 400;

  @Test
  void a_killed_replica_is_replaced_its_messages_redelivered_and_applied_once() throws Exception {
    DemoTables.create(database);
    ScalingPolicy two =
        ScalingPolicy.defaults()
            .replicas(2, 2)
            .assumedProcessing(Duration.ofMillis(40))
            .assumedConcurrency(2);
    Supervisor supervisor =
        new Supervisor(
            OpsFixtures.management(),
            broker.vhost(),
            List.of(
                new Supervisor.Role(
                    "demo", AutoscaleDemoIT.workerCommand(), warren.testkit.FreePorts.run(6), two)),
            Map.of(
                "WARREN_AMQP_URI", broker.amqpUri().toString(),
                "WARREN_DB_URL", database.jdbcUrl(),
                "DEMO_DELAY_MS", "40"),
            Path.of("target", "supervisor-it"),
            Clock.systemUTC());
    List<ProcessHandle> before = List.of();
    List<ProcessHandle> later = new java.util.ArrayList<>();
    try {
      supervisor.start(Duration.ofMillis(500));
      Conditions.waitUntil(
          Duration.ofSeconds(90),
          () -> supervisor.count("demo", Supervisor.Status.SERVING) == 2,
          "both replicas to become ready");
      try (Warren sender =
          Warren.connect(WarrenConfig.builder().service("flood").uri(broker.amqpUri()).build())) {
        for (int i = 0; i < COMMANDS; i++) {
          sender.send(SlowWorker.WORK, new SlowWorker.Work(i), "cmd-" + i);
        }
      }
      Conditions.waitUntil(
          Duration.ofSeconds(30),
          () -> DemoTables.count(database, "SELECT count(*) FROM applied") >= 40,
          "the replicas to be busy");
      before = supervisor.processes("demo");
      ProcessHandle victim = before.getFirst();
      victim.destroyForcibly(); // SIGKILL: no drain, its unacked messages go back to the queue

      Conditions.waitUntil(
          Duration.ofSeconds(90),
          () ->
              !victim.isAlive()
                  && !supervisor.processes("demo").contains(victim)
                  && supervisor.count("demo", Supervisor.Status.SERVING) == 2
                  && DemoTables.count(database, "SELECT count(*) FROM applied") == COMMANDS,
          "a replacement serving and every command applied");
      later.addAll(supervisor.processes("demo"));
      assertEquals(
          COMMANDS, DemoTables.count(database, "SELECT count(DISTINCT message_id) FROM attempts"));
      long attempts = DemoTables.count(database, "SELECT count(*) FROM attempts");
      assertTrue(
          attempts >= COMMANDS && attempts <= COMMANDS + 2,
          attempts + " attempts: at most the killed replica's prefetch of 2 handled again");
    } finally {
      supervisor.close();
    }
    List<ProcessHandle> all = new java.util.ArrayList<>(before);
    all.addAll(later);
    assertEquals(3, all.stream().distinct().count(), "two first replicas and one replacement");
    assertTrue(
        all.stream().noneMatch(ProcessHandle::isAlive), "close drained and ended every replica");
  }
}
