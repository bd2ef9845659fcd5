package warren.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Three RabbitMQ nodes of the drills' own on this machine ({@code wd1..3@localhost}, AMQP on
 * 5681..5683, management on 15681..15683, distribution on 5691..5693), clustered, with their data
 * under {@code /tmp/warren-cluster}. The shared broker ({@code rabbit@localhost}) is not touched.
 * Started by the server's own script as the {@code rabbitmq} user; {@link #close()} stops them
 * (their logs stay until the next start).
 */
final class RabbitCluster implements AutoCloseable {
  static final Path BASE = Path.of("/tmp/warren-cluster");
  static final int NODES = 3;

  private RabbitCluster() {}

  static String node(int i) {
    return "wd" + i + "@localhost";
  }

  static int amqpPort(int i) {
    return 5680 + i;
  }

  static int managementPort(int i) {
    return 15680 + i;
  }

  /** {@code 127.0.0.1:5681,...}, for WARREN_AMQP_ADDRESSES. */
  static String addresses() {
    List<String> all = new ArrayList<>();
    for (int i = 1; i <= NODES; i++) {
      all.add("127.0.0.1:" + amqpPort(i));
    }
    return String.join(",", all);
  }

  /** Starts the three nodes and joins 2 and 3 to 1. */
  static RabbitCluster start() throws IOException {
    RabbitCluster cluster = new RabbitCluster();
    stopAll(); // what a killed run may have left
    Shell.run(30, "rm", "-rf", BASE.toString());
    try {
      for (int i = 1; i <= NODES; i++) {
        Path dir = Files.createDirectories(BASE.resolve("n" + i));
        Files.writeString(
            dir.resolve("rabbitmq.conf"),
            "listeners.tcp.local = 127.0.0.1:"
                + amqpPort(i)
                + "\nmanagement.tcp.port = "
                + managementPort(i)
                + "\nmanagement.tcp.ip = 127.0.0.1\n");
      }
      Files.writeString(BASE.resolve("enabled_plugins"), "[rabbitmq_management].\n");
      expect(Shell.run(30, "chown", "-R", "rabbitmq:rabbitmq", BASE.toString()), "chown");
      for (int i = 1; i <= NODES; i++) {
        startNode(i);
      }
      for (int i = 1; i <= NODES; i++) {
        awaitNode(i);
      }
      for (int i = 2; i <= NODES; i++) {
        expect(ctl(i, "stop_app"), "stop_app on " + node(i));
        expect(ctl(i, "join_cluster", node(1)), "join_cluster " + node(i));
        expect(ctl(i, "start_app"), "start_app on " + node(i));
      }
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** Starts node {@code i} in the background (again, after a kill: it rejoins by itself). */
  static void startNode(int i) throws IOException {
    Path dir = BASE.resolve("n" + i);
    ProcessBuilder server =
        new ProcessBuilder("rabbitmq-server", "-detached").redirectErrorStream(true);
    server.environment().put("RABBITMQ_NODENAME", node(i));
    server.environment().put("RABBITMQ_DIST_PORT", Integer.toString(5690 + i));
    server.environment().put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
    server.environment().put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
    server.environment().put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq").toString());
    server.environment().put("RABBITMQ_PID_FILE", dir.resolve("pid").toString());
    server
        .environment()
        .put("RABBITMQ_ENABLED_PLUGINS_FILE", BASE.resolve("enabled_plugins").toString());
    Process p = server.start();
    try {
      p.getInputStream().readAllBytes();
      p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for node {@code i}; until its Erlang VM registers, await_startup fails at once. */
  static void awaitNode(int i) throws IOException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    Shell.Result result;
    while ((result = ctl(i, "await_startup", "--timeout", "60")).exit() != 0
        && System.nanoTime() < deadline) {
      Waiting.pause(Duration.ofSeconds(1));
    }
    expect(result, "await_startup " + node(i));
  }

  /** The operating-system pid of node {@code i}, from its pid file. */
  static long pid(int i) throws IOException {
    return Long.parseLong(Files.readString(BASE.resolve("n" + i).resolve("pid")).strip());
  }

  /** The nodes the cluster reports running, as seen from node {@code from}. */
  static String runningNodes(int from) throws IOException {
    return ctl(from, "eval", "rabbit_nodes:all_running().").output();
  }

  static Shell.Result ctl(int i, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q", "-n", node(i)));
    command.addAll(List.of(args));
    return Shell.run(180, command.toArray(String[]::new));
  }

  private static void expect(Shell.Result result, String what) {
    if (result.exit() != 0) {
      throw new IllegalStateException(what + " failed (" + result.exit() + "): " + result.output());
    }
  }

  private static void stopAll() throws IOException {
    for (int i = 1; i <= NODES; i++) {
      Shell.run(60, "rabbitmqctl", "-q", "-n", node(i), "stop");
    }
  }

  @Override
  public void close() {
    try {
      // The data stays for a look at the logs; the next start removes it.
      stopAll();
    } catch (IOException e) {
      DrillSuite.say("could not stop the drill's RabbitMQ nodes: " + e);
    }
  }
}
