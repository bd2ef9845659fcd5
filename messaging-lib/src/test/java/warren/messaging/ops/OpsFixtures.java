package warren.messaging.ops;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import warren.messaging.CommandEndpoint;
import warren.messaging.Warren;
import warren.messaging.WarrenConfig;
import warren.messaging.cli.WarrenTool;
import warren.messaging.management.ManagementClient;
import warren.testkit.IsolatedVhost;
import warren.testkit.TestBroker;

/** Shared plumbing of the ops tests: a command type, connections, the CLI run in process. */
public final class OpsFixtures {
  record Order(String id, String item) {}

  private OpsFixtures() {}

  static CommandEndpoint<Order> orders(String name) {
    return new CommandEndpoint<>(name, Order.class);
  }

  static Warren warren(IsolatedVhost broker, String service, String instance) {
    return Warren.connect(
        WarrenConfig.builder()
            .service(service)
            .instance(instance)
            .uri(broker.amqpUri())
            .recoveryInterval(Duration.ofMillis(250))
            .shutdownTimeout(Duration.ofSeconds(5))
            .build());
  }

  /** The management API of the test broker, as its admin user. */
  public static ManagementClient management() {
    TestBroker b = TestBroker.get();
    return ManagementClient.builder()
        .uri(b.managementUri())
        .credentials(b.user(), b.password())
        .build();
  }

  static DeadLetters deadLetters(IsolatedVhost broker) {
    return DeadLetters.connect(broker.amqpUri(), management());
  }

  /** The connection options of the CLI for this vhost. */
  static List<String> connectionArgs(IsolatedVhost broker) {
    return List.of(
        "--amqp-uri",
        broker.amqpUri().toString(),
        "--mgmt-uri",
        TestBroker.get().managementUri().toString(),
        "--user",
        TestBroker.get().user(),
        "--password",
        TestBroker.get().password());
  }

  /** What a CLI run printed and returned. */
  record Run(int exit, String out, String err) {}

  /** Runs {@code warren <args> <connection options>} in this JVM. */
  static Run cli(IsolatedVhost broker, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(connectionArgs(broker));
    int exit =
        WarrenTool.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }
}
