package warren.messaging.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import warren.messaging.cli.WarrenTool;
import warren.testkit.Conditions;

/** {@code warren topology apply|check} against the real broker, into a scratch vhost. */
class WarrenToolIT {
  final ScratchVhost vhost = new ScratchVhost();
  final String file = DefinitionsTest.repositoryFile().toString();
  StringWriter out = new StringWriter();

  @AfterEach
  void delete_the_vhost() {
    vhost.close();
  }

  int run(String... args) {
    out = new StringWriter();
    return WarrenTool.commandLine(new PrintWriter(out, true), new PrintWriter(out, true))
        .execute(args);
  }

  @Test
  void check_exits_1_naming_the_drift_and_0_once_apply_fixed_it() {
    assertEquals(1, run("topology", "check", "--file", file, "--vhost", vhost.name));
    assertTrue(out.toString().contains("vhost " + vhost.name + " does not exist"), out.toString());

    assertEquals(0, run("topology", "apply", "--file", file, "--vhost", vhost.name));
    assertTrue(out.toString().contains("declared queue store.create-post"), out.toString());
    assertEquals(0, run("topology", "check", "--file", file, "--vhost", vhost.name));
    assertTrue(out.toString().contains("is in sync with the file"), out.toString());

    vhost.mgmt.deleteQueue(vhost.name, "auth.login");
    assertEquals(1, run("topology", "check", "--file", file, "--vhost", vhost.name));
    assertTrue(out.toString().contains("queue auth.login is missing"), out.toString());
  }

  @Test
  void a_cluster_gets_quorum_rpc_queues_and_check_compares_with_the_same_choice() {
    assertEquals(
        0,
        run("topology", "apply", "--file", file, "--vhost", vhost.name, "--rpc-queues", "quorum"));
    assertTrue(out.toString().contains("RPC queues as quorum queues"), out.toString());
    assertEquals(
        "quorum", vhost.mgmt.queueStats(vhost.name, "auth.check-session").orElseThrow().type());
    assertEquals(
        "quorum", vhost.mgmt.queueStats(vhost.name, "store.create-post").orElseThrow().type());
    assertEquals(
        0,
        run("topology", "check", "--file", file, "--vhost", vhost.name, "--rpc-queues", "QUORUM"));

    assertEquals(1, run("topology", "check", "--file", file, "--vhost", vhost.name));
    assertTrue(
        out.toString().contains("queue auth.check-session") && out.toString().contains("quorum"),
        out.toString());
  }

  @Test
  void an_unknown_rpc_queue_type_is_exit_code_2_naming_the_choices() {
    assertEquals(
        2, run("topology", "apply", "--file", file, "--vhost", vhost.name, "--rpc-queues", "fast"));
    assertTrue(out.toString().contains("CLASSIC, QUORUM"), out.toString());
  }

  @Test
  void apply_refuses_a_vhost_whose_queues_another_system_consumes_and_changes_nothing()
      throws Exception {
    assertEquals(0, run("topology", "apply", "--file", file, "--vhost", vhost.name));
    assertEquals(
        0, run("topology", "apply", "--file", file, "--vhost", vhost.name, "--refuse-if-in-use"));

    ConnectionFactory factory = new ConnectionFactory();
    factory.setVirtualHost(vhost.name);
    try (Connection other = factory.newConnection("the other system")) {
      Channel channel = other.createChannel();
      channel.basicConsume("store.create-post", false, (tag, delivery) -> {}, tag -> {});
      Conditions.waitUntil(
          Duration.ofSeconds(30),
          () ->
              vhost.mgmt.queueStats(vhost.name, "store.create-post").orElseThrow().consumers() > 0,
          "the management API counts the consumer");
      vhost.mgmt.deleteQueue(vhost.name, "auth.login");

      assertEquals(
          2, run("topology", "apply", "--file", file, "--vhost", vhost.name, "--refuse-if-in-use"));
      assertTrue(
          out.toString()
              .contains(
                  "vhost "
                      + vhost.name
                      + " is in use: another system is consuming its queues (store.create-post:"
                      + " 1 consumer)"),
          out.toString());
      assertTrue(out.toString().contains("WARREN_VHOST="), out.toString());
      assertTrue(vhost.mgmt.queueStats(vhost.name, "auth.login").isEmpty(), "nothing was applied");
    }
  }

  @Test
  void wrong_credentials_are_exit_code_2_naming_the_variables_to_check() {
    assertEquals(
        2,
        run(
            "topology",
            "check",
            "--file",
            file,
            "--vhost",
            vhost.name,
            "--user",
            "guest",
            "--password",
            "wrong"));
    assertTrue(
        out.toString()
            .contains(
                "refused guest (401 Login failed): check WARREN_MGMT_USER"
                    + " and WARREN_MGMT_PASSWORD"),
        out.toString());
  }
}
