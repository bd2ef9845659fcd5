package warren.messaging.scaling;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measures each endpoint's processing time from the workers' own {@code /metrics}: the timer {@code
 * warren_handled_seconds} that every Warren process records per endpoint, its concurrency gauge and
 * its start-up time. The mean is taken over what was handled since the previous scrape of the same
 * worker (the lifetime mean before that, or when nothing was handled since), summed over replicas;
 * the p99 is the highest replica's. A worker that does not answer is skipped.
 *
 * <p>Thread-safe; keeps the previous counts per worker URL.
 */
public final class ProcessingTimes {
  /** Outcomes that did not run the handler, so say nothing about its time. */
  private static final Set<String> NOT_HANDLED = Set.of("expired", "duplicate");

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofMillis(500))
          .build();
  private final Map<URI, Map<String, double[]>> previous = new ConcurrentHashMap<>();

  /**
   * One endpoint's measurements over the workers that answered.
   *
   * @param mean mean processing time, or null when nothing was handled yet
   * @param p99 the 99th percentile, or null when not published
   * @param concurrency handler threads per replica, or 0 when not published
   * @param startup the slowest replica's start-up time, or null
   */
  public record Measured(Duration mean, Duration p99, int concurrency, Duration startup) {}

  /** Scrapes the given {@code /metrics} URLs and returns measurements by endpoint (queue). */
  public Map<String, Measured> measure(List<URI> metricsUris) {
    Map<String, double[]> totals = new HashMap<>(); // endpoint -> {dCount, dSum, p99, conc}
    double startup = 0;
    for (URI uri : metricsUris) {
      String text = fetch(uri);
      if (text == null) {
        continue;
      }
      Map<String, double[]> now = new HashMap<>(); // endpoint -> {count, sum, p99, conc}
      for (PrometheusText.Sample s : PrometheusText.parse(text)) {
        String endpoint = s.labels().get("endpoint");
        switch (s.name()) {
          case "warren_handled_seconds_count", "warren_handled_seconds_sum" -> {
            if (endpoint != null && !NOT_HANDLED.contains(s.labels().get("outcome"))) {
              now.computeIfAbsent(endpoint, e -> new double[4])[
                      s.name().endsWith("_count") ? 0 : 1] +=
                  s.value();
            }
          }
          case "warren_handled_seconds" -> {
            if (endpoint != null
                && "0.99".equals(s.labels().get("quantile"))
                && !NOT_HANDLED.contains(s.labels().get("outcome"))) {
              double[] v = now.computeIfAbsent(endpoint, e -> new double[4]);
              v[2] = Math.max(v[2], s.value());
            }
          }
          case "warren_endpoint_concurrency" -> {
            if (endpoint != null) {
              double[] v = now.computeIfAbsent(endpoint, e -> new double[4]);
              v[3] = Math.max(v[3], s.value());
            }
          }
          case "warren_process_startup_seconds" -> startup = Math.max(startup, s.value());
          default -> {}
        }
      }
      Map<String, double[]> before = previous.put(uri, now);
      now.forEach(
          (endpoint, v) -> {
            double[] old = before == null ? null : before.get(endpoint);
            double count = v[0];
            double sum = v[1];
            if (old != null && v[0] > old[0]) {
              count = v[0] - old[0];
              sum = v[1] - old[1];
            }
            double[] t = totals.computeIfAbsent(endpoint, e -> new double[4]);
            t[0] += count;
            t[1] += sum;
            t[2] = Math.max(t[2], v[2]);
            t[3] = Math.max(t[3], v[3]);
          });
    }
    Map<String, Measured> result = new HashMap<>();
    Duration start = startup > 0 ? seconds(startup) : null;
    totals.forEach(
        (endpoint, t) ->
            result.put(
                endpoint,
                new Measured(
                    t[0] > 0 ? seconds(t[1] / t[0]) : null,
                    t[2] > 0 ? seconds(t[2]) : null,
                    (int) t[3],
                    start)));
    return result;
  }

  private String fetch(URI uri) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static Duration seconds(double value) {
    return Duration.ofNanos((long) (value * 1e9));
  }
}
