package warren.web.ops;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import warren.messaging.scaling.LocalWorkers;

/**
 * Where web finds the workers' {@code /metrics} for the scaling hints' measured processing times
 * ({@code WARREN_WORKER_METRICS}):
 *
 * <ul>
 *   <li>{@value #LOCAL} (default): the ports {@code ./warren up} gives local replicas (auth 8181..,
 *       store 8281.., notify 8381..), as {@code ./warren scale hints} does;
 *   <li>{@value #NONE}: none; the hints use the policy's assumed times and their reasons say so;
 *   <li>{@code store=http://h1:8281/metrics,http://h2:8281/metrics;auth=http://h3:8181/metrics}.
 * </ul>
 */
public final class WorkerMetrics {
  public static final String LOCAL = "local";
  public static final String NONE = "none";

  private WorkerMetrics() {}

  /**
   * The URLs of a role's replicas, by role.
   *
   * @throws IllegalArgumentException naming what is wrong and the expected form
   */
  public static Function<String, List<URI>> parse(String value) {
    if (value == null || value.isBlank() || value.strip().equals(LOCAL)) {
      return LocalWorkers::metricsOf;
    }
    if (value.strip().equals(NONE)) {
      return service -> List.of();
    }
    Map<String, List<URI>> byService = new LinkedHashMap<>();
    for (String part : value.split(";")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "WARREN_WORKER_METRICS must be 'local', 'none' or"
                + " 'store=http://host:8281/metrics,...;auth=...', was '"
                + value
                + "'");
      }
      List<URI> urls = new ArrayList<>();
      for (String url : part.substring(eq + 1).split(",")) {
        URI uri = URI.create(url.strip());
        if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
          throw new IllegalArgumentException(
              "WARREN_WORKER_METRICS: '" + url.strip() + "' is not an http(s) URL of /metrics");
        }
        urls.add(uri);
      }
      byService.put(part.substring(0, eq).strip(), List.copyOf(urls));
    }
    return service -> byService.getOrDefault(service, List.of());
  }
}
