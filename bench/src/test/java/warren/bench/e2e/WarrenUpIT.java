package warren.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import warren.messaging.management.ManagementClient;

/**
 * The e2e scenario's app, started for real with {@code ./warren up} (on a vhost, database and ports
 * of its own): when {@code up} dies under it, the bench says so, and closing it leaves no service
 * JVM behind, even those {@code up} could no longer stop.
 */
class WarrenUpIT {
  private static final String VHOST = "warren-bench-it";

  @AfterAll
  static void removeVhost() {
    ManagementClient.builder().build().deleteVhost(VHOST);
  }

  @Test
  void a_dead_up_fails_the_check_and_close_kills_the_services_it_left() throws Exception {
    Path root = Path.of("").toAbsolutePath();
    if (!Files.exists(root.resolve("warren"))) {
      root = root.getParent();
    }
    Map<String, String> env =
        Map.of(
            "WARREN_VHOST", VHOST,
            "WARREN_PORT_OFFSET", "21000",
            "WARREN_DB_URL", "jdbc:postgresql://127.0.0.1:5432/warren_bench_it?user=postgres",
            "WARREN_NO_BUILD", "true");
    try (WarrenUp system =
        WarrenUp.start(
            root, env, root.resolve("bench/target/warren-up-it.log"), Duration.ofSeconds(240))) {
      List<ProcessHandle> services =
          system.replicas().values().stream()
              .map(r -> ProcessHandle.of(r.pid()).orElseThrow())
              .toList();
      assertTrue(services.size() == 4, "four service JVMs: " + system.replicas());

      // SIGKILL: up cannot stop its replicas, which keep running as orphans in its group.
      ProcessHandle.of(system.pid()).orElseThrow().destroyForcibly();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (system.isUp() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      IllegalStateException e = assertThrows(IllegalStateException.class, system::checkUp);
      assertTrue(e.getMessage().startsWith("./warren up exited"), e.getMessage());
      assertTrue(services.stream().anyMatch(ProcessHandle::isAlive), "orphans before close");

      system.close();
      deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (services.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      for (ProcessHandle service : services) {
        assertFalse(service.isAlive(), "pid " + service.pid() + " still runs after close");
      }
    }
  }
}
