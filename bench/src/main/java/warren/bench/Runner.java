package warren.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a scenario's contenders side by side: first one run of each at the scenario's largest
 * in-flight count, so the JIT has compiled every contender's hot path before anything is measured;
 * then, at each in-flight count, one warm-up run of each and rounds in alternating order (A B C, C
 * B A, A B C...), so that whatever else the shared machine is doing falls on every contender alike.
 * Reports medians over the rounds and ratios to the baseline.
 */
public final class Runner {
  private final Duration compileWarmUp;
  private final Duration warmUp;
  private final Duration duration;
  private final int rounds;
  private final PrintWriter progress;

  /**
   * @param compileWarmUp length of each contender's first run, at the largest in-flight count; zero
   *     for none. HotSpot compiles a method with C2 after about 10,000 calls: a 1.5 s warm-up at 1
   *     call in flight (some 3,000 calls) measured a library with more code than the baseline while
   *     it still ran interpreted or C1 code (async-profiler: a quarter of its CPU samples in the
   *     JIT compiler during the rounds).
   * @param warmUp length of each contender's warm-up run at each in-flight count
   * @param duration length of each measured run
   * @param rounds measured runs per contender and in-flight count
   * @param progress where a line per run goes (stderr), so the table stays clean on stdout
   */
  public Runner(
      Duration compileWarmUp,
      Duration warmUp,
      Duration duration,
      int rounds,
      PrintWriter progress) {
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be at least 1, was " + rounds);
    }
    this.compileWarmUp = compileWarmUp;
    this.warmUp = warmUp;
    this.duration = duration;
    this.rounds = rounds;
    this.progress = progress;
  }

  /** The run lengths, for the progress output. */
  public String plan() {
    String perCount = "warm-up " + warmUp + ", " + rounds + " rounds of " + duration;
    return compileWarmUp.isZero()
        ? perCount
        : "JIT warm-up " + compileWarmUp + ", then " + perCount;
  }

  /**
   * Measures every contender at every in-flight count; the first contender is the baseline. Rows
   * are added to {@code rows} as each in-flight count completes, so a failure later leaves them.
   */
  public void run(
      Scenario scenario, List<Contender> contenders, List<Integer> inFlights, List<Row> rows)
      throws Exception {
    if (!compileWarmUp.isZero() && !inFlights.isEmpty()) {
      int most = java.util.Collections.max(inFlights);
      for (Contender c : contenders) {
        measure(scenario, c, most, compileWarmUp, "JIT warm-up");
      }
    }
    for (int inFlight : inFlights) {
      Map<Contender, List<Sample>> samples = new LinkedHashMap<>();
      for (Contender c : contenders) {
        samples.put(c, new ArrayList<>());
        measure(scenario, c, inFlight, warmUp, "warm-up");
      }
      for (int round = 1; round <= rounds; round++) {
        List<Contender> order = new ArrayList<>(contenders);
        if (round % 2 == 0) {
          java.util.Collections.reverse(order);
        }
        for (Contender c : order) {
          samples.get(c).add(measure(scenario, c, inFlight, duration, "round " + round));
        }
      }
      rows.addAll(summarize(scenario.name(), inFlight, samples));
    }
  }

  private Sample measure(
      Scenario scenario, Contender contender, int inFlight, Duration length, String label)
      throws Exception {
    Sample s = contender.run(inFlight, length);
    contender.afterRun();
    progress.printf(
        "  %-9s %-12s %3d in flight, %-8s %9.0f/s  p50 %7.3f ms  p99 %7.3f ms  cpu %6.1f µs/call  broker %6.1f µs/call%s%n",
        scenario.name(),
        contender.name(),
        inFlight,
        label,
        s.throughput(),
        s.p50Ms(),
        s.p99Ms(),
        s.cpuMicrosPerCall(),
        s.brokerMicrosPerCall(),
        s.errors() == 0 ? "" : "  " + s.errors() + " ERRORS");
    progress.flush();
    return s;
  }

  static List<Row> summarize(String scenario, int inFlight, Map<Contender, List<Sample>> samples) {
    List<Row> rows = new ArrayList<>();
    Map<String, double[]> medians = new LinkedHashMap<>();
    for (Map.Entry<Contender, List<Sample>> e : samples.entrySet()) {
      List<Sample> runs = e.getValue();
      medians.put(
          e.getKey().name(),
          new double[] {
            median(runs.stream().mapToDouble(Sample::throughput).toArray()),
            median(runs.stream().mapToDouble(Sample::p50Ms).toArray()),
            median(runs.stream().mapToDouble(Sample::p99Ms).toArray())
          });
    }
    double[] first = medians.values().iterator().next();
    for (Map.Entry<Contender, List<Sample>> e : samples.entrySet()) {
      List<Sample> runs = e.getValue();
      double[] own = medians.get(e.getKey().name());
      double throughput = own[0];
      double p50 = own[1];
      double p99 = own[2];
      double cpu = median(runs.stream().mapToDouble(Sample::cpuMicrosPerCall).toArray());
      long errors = runs.stream().mapToLong(Sample::errors).sum();
      String baselineName = e.getKey().baseline();
      double[] base =
          baselineName != null && medians.containsKey(baselineName)
              ? medians.get(baselineName)
              : first;
      double baseThroughput = base[0];
      double baseP50 = base[1];
      double baseP99 = base[2];
      rows.add(
          new Row(
              scenario,
              e.getKey().name(),
              inFlight,
              throughput,
              p50,
              p99,
              ratio(throughput, baseThroughput),
              ratio(p50, baseP50),
              ratio(p99, baseP99),
              cpu,
              errors));
    }
    return rows;
  }

  /** The median; for an even count, the mean of the two middle values. */
  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private static double ratio(double value, double baseline) {
    return baseline == 0 ? Double.NaN : value / baseline;
  }
}
