package warren.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The table a run prints, and {@code latest.json}: one object per row. */
public final class Report {
  private Report() {}

  /**
   * Prints the rows as a Markdown table, so it can be pasted into the README as it is, then one
   * line per row whose calls failed (after the table: a note inside a row would break it).
   */
  public static void table(List<Row> rows, PrintWriter out) {
    out.println(
        "| scenario | contender | in flight | calls/s | p50 ms | p99 ms | × baseline calls/s"
            + " | × baseline p50 | × baseline p99 | CPU µs/call |");
    out.println("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|");
    for (Row r : rows) {
      out.printf(
          Locale.ROOT,
          "| %s | %s | %d | %,.0f | %.3f | %.3f | %.2f | %.2f | %.2f | %.0f |%n",
          r.scenario(),
          r.contender(),
          r.inFlight(),
          r.throughput(),
          r.p50Ms(),
          r.p99Ms(),
          r.ratioToBaseline(),
          r.p50Ratio(),
          r.p99Ratio(),
          r.cpuMicrosPerCall());
    }
    for (Row r : rows) {
      if (r.errors() > 0) {
        out.printf(
            Locale.ROOT,
            "%n%s %s at %d in flight: %,d failed call%s over all rounds (not counted in calls/s)%n",
            r.scenario(),
            r.contender(),
            r.inFlight(),
            r.errors(),
            r.errors() == 1 ? "" : "s");
      }
    }
    out.flush();
  }

  /** Writes the rows with the fields the issue names, creating the folder if needed. */
  public static void json(List<Row> rows, Path file) throws IOException {
    json(rows, List.of(), file);
  }

  /** Writes the rows, then {@code extras} (objects of their own shape, e2e's memory). */
  public static void json(List<Row> rows, List<Map<String, Object>> extras, Path file)
      throws IOException {
    List<Map<String, Object>> objects =
        rows.stream()
            .map(
                r -> {
                  Map<String, Object> o = new LinkedHashMap<>();
                  o.put("scenario", r.scenario());
                  o.put("contender", r.contender());
                  o.put("inFlight", r.inFlight());
                  o.put("throughput", round(r.throughput(), 1));
                  o.put("p50Ms", round(r.p50Ms(), 3));
                  o.put("p99Ms", round(r.p99Ms(), 3));
                  o.put("ratioToBaseline", round(r.ratioToBaseline(), 3));
                  return o;
                })
            .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
    objects.addAll(extras);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(file.toFile(), objects);
  }

  private static double round(double value, int decimals) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return value;
    }
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
