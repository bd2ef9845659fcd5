package warren.messaging.scaling;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where {@code ./warren up} and {@code ./warren run} put the workers' health ports on one machine:
 * replica n of auth on 8181 + n − 1, store on 8281 + n − 1, notify on 8381 + n − 1 (the launcher's
 * {@code port_of}). The CLI and web find the workers' {@code /metrics} there when not told.
 */
public final class LocalWorkers {
  static final Map<String, Integer> BASE_PORTS =
      Map.of("auth", 8181, "store", 8281, "notify", 8381);

  /** The launcher allows at most 20 replicas per service. */
  static final int MAX_REPLICAS = 20;

  private LocalWorkers() {}

  /** The {@code /metrics} URLs of the role's replicas that accept a connection now. */
  public static List<URI> metricsOf(String service) {
    Integer base = BASE_PORTS.get(service);
    List<URI> found = new ArrayList<>();
    if (base == null) {
      return found;
    }
    for (int port = base; port < base + MAX_REPLICAS; port++) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 100);
        found.add(URI.create("http://127.0.0.1:" + port + "/metrics"));
      } catch (java.io.IOException e) {
        // nothing listens: no such replica
      }
    }
    return found;
  }
}
