package warren.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Runs a scenario's contenders side by side: first one run of each at the scenario's largest
 * in-flight count, so the JIT has compiled every contender's hot path before anything is measured;
 * then, at each in-flight count, one warm-up run of each and rounds in alternating order (A B C, C
 * B A, A B C...), so that whatever else the shared machine is doing falls on every contender alike.
 * Reports medians over the rounds and, as ratios to the baseline, medians of each round's ratio.
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

  /**
   * One row per contender: medians of its rounds, and ratios to its baseline that are medians of
   * per-round ratios. A round measures every contender within seconds of each other, so its ratio
   * compares runs that shared the machine's state; the ratio of two medians could pair a quiet
   * round of one contender with a busy round of the other (on this 2-core machine, shared with
   * other tenants, rounds of the same contender differed by up to 40%).
   */
  static List<Row> summarize(String scenario, int inFlight, Map<Contender, List<Sample>> samples) {
    List<Row> rows = new ArrayList<>();
    Map<String, List<Sample>> byName = new LinkedHashMap<>();
    samples.forEach((contender, runs) -> byName.put(contender.name(), runs));
    List<Sample> first = samples.values().iterator().next();
    for (Map.Entry<Contender, List<Sample>> e : samples.entrySet()) {
      List<Sample> runs = e.getValue();
      String baselineName = e.getKey().baseline();
      List<Sample> base =
          baselineName != null && byName.containsKey(baselineName)
              ? byName.get(baselineName)
              : first;
      rows.add(
          new Row(
              scenario,
              e.getKey().name(),
              inFlight,
              median(runs, Sample::throughput),
              median(runs, Sample::p50Ms),
              median(runs, Sample::p99Ms),
              pairedRatio(runs, base, Sample::throughput),
              pairedRatio(runs, base, Sample::p50Ms),
              pairedRatio(runs, base, Sample::p99Ms),
              median(runs, Sample::cpuMicrosPerCall),
              runs.stream().mapToLong(Sample::errors).sum()));
    }
    return rows;
  }

  private static double median(List<Sample> runs, ToDoubleFunction<Sample> value) {
    return median(runs.stream().mapToDouble(value).toArray());
  }

  /** The median over rounds of {@code value} in the round over the baseline's in that round. */
  static double pairedRatio(
      List<Sample> runs, List<Sample> baseline, ToDoubleFunction<Sample> value) {
    int rounds = Math.min(runs.size(), baseline.size());
    double[] ratios = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      ratios[i] = ratio(value.applyAsDouble(runs.get(i)), value.applyAsDouble(baseline.get(i)));
    }
    return median(ratios);
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
