package warren.messaging.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.messaging.Warren;
import warren.messaging.WarrenConfig;
import warren.messaging.cli.WarrenTool;
import warren.messaging.management.ManagementClient;
import warren.messaging.ops.OpsFixtures;
import warren.testkit.Conditions;
import warren.testkit.IsolatedVhost;

/** {@code warren scale hints} against the real broker: a backlog nobody consumes. */
class ScaleCommandIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();

  StringWriter out = new StringWriter();

  int run(String... args) {
    out = new StringWriter();
    return WarrenTool.commandLine(new PrintWriter(out, true), new PrintWriter(out, true))
        .execute(args);
  }

  @Test
  void hints_name_the_backlog_and_print_the_api_rows_keda_and_compose() throws Exception {
    try (Warren worker =
            Warren.connect(WarrenConfig.builder().service("demo").uri(broker.amqpUri()).build());
        Warren sender =
            Warren.connect(WarrenConfig.builder().service("flood").uri(broker.amqpUri()).build())) {
      worker.consume(SlowWorker.WORK, (work, context) -> {});
      worker.close(); // the queue stays, with nobody consuming it
      for (int i = 0; i < 300; i++) {
        sender.send(SlowWorker.WORK, new SlowWorker.Work(i));
      }
    }
    ManagementClient management = OpsFixtures.management();
    Conditions.waitUntil(
        Duration.ofSeconds(20),
        () ->
            management
                .queueStats(broker.vhost(), "demo.work")
                .map(q -> q.depth() == 300)
                .orElse(false),
        "the management API to list the backlog");

    String[] common = {
      "scale", "hints", "--vhost", broker.vhost(), "--metrics", "demo=http://127.0.0.1:1/metrics"
    };
    assertEquals(0, run(concat(common, "--max", "8")));
    assertTrue(
        out.toString().startsWith("demo     8 replicas  (demo.work: depth 300"), out.toString());
    // The arrival rate is the broker's sample of the publishing just done: not asserted.
    assertTrue(
        out.toString()
            .matches(
                "(?s).*backlog 300, arriving [0-9.]+/s, one replica clears 0\\.1/s: [0-9]+ replicas"
                    + " clear it in 60 s \\(a new one starts in 10 s\\).*"),
        out.toString());
    assertTrue(out.toString().contains("capped at the maximum of 8"), out.toString());
    assertTrue(
        out.toString().contains("not measured yet, assuming processing 10 s and concurrency 1"),
        out.toString());

    assertEquals(0, run(concat(common, "--json")));
    assertTrue(
        out.toString()
            .startsWith(
                "[{\"service\":\"demo\",\"queue\":\"demo.work\",\"depth\":300,\"consumers\":0,"
                    + "\"arrivalRate\":"),
        out.toString());
    assertTrue(out.toString().contains("\"processingMs\":10000.0,\"desiredReplicas\":5,"));

    assertEquals(0, run(concat(common, "--keda", "--compose", "--watch", "--times", "2")));
    assertTrue(out.toString().contains("kind: ScaledObject"), out.toString());
    assertTrue(out.toString().contains("docker compose up -d --scale demo=5"), out.toString());
  }

  @Test
  void an_unreachable_management_api_is_exit_code_2_with_what_to_check() {
    assertEquals(2, run("scale", "hints", "--mgmt-uri", "http://127.0.0.1:1"));
    assertTrue(out.toString().startsWith("error: "), out.toString());
  }

  static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
