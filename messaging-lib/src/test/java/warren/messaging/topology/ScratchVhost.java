package warren.messaging.topology;

import java.net.URI;
import java.util.UUID;
import warren.messaging.management.ManagementClient;

/**
 * A virtual host of its own for a test, named {@code warren-it-<random>}, deleted on close with
 * everything in it. Users are global and stay (they are the project's own).
 */
final class ScratchVhost implements AutoCloseable {
  final ManagementClient mgmt = managementClient();
  final String name = "warren-it-" + UUID.randomUUID().toString().substring(0, 8);

  static ManagementClient managementClient() {
    return ManagementClient.builder()
        .uri(URI.create(env("WARREN_MGMT_URI", "http://127.0.0.1:15672")))
        .credentials(env("WARREN_MGMT_USER", "guest"), env("WARREN_MGMT_PASSWORD", "guest"))
        .build();
  }

  static String env(String name, String otherwise) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? otherwise : value;
  }

  /** Applies the repository's definitions into this vhost. */
  ScratchVhost withTopology(Definitions file) {
    new TopologyApplier(mgmt).apply(file, name);
    return this;
  }

  @Override
  public void close() {
    mgmt.deleteVhost(name);
  }
}
