package warren.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunnerTest {
  @Test
  void median_takes_the_middle_value_or_the_mean_of_the_two_middle_ones() {
    assertEquals(2.0, Runner.median(new double[] {3, 1, 2}));
    assertEquals(2.5, Runner.median(new double[] {4, 1, 3, 2}));
    assertEquals(Double.NaN, Runner.median(new double[0]));
  }

  @Test
  void rows_hold_medians_of_the_rounds_and_ratios_to_the_first_contender_round_by_round() {
    Map<Contender, List<Sample>> samples = new LinkedHashMap<>();
    // The machine was busy in round 2 and quiet in round 3, for both contenders alike.
    samples.put(
        named("raw-amqp"),
        List.of(sample(2000, 2.0, 6.0), sample(1000, 4.0, 12.0), sample(4000, 1.0, 3.0)));
    samples.put(
        named("warren-amqp"),
        List.of(sample(1900, 2.2, 7.5), sample(800, 4.8, 15.0), sample(3600, 1.1, 3.3)));

    List<Row> rows = Runner.summarize("rpc", 64, samples);

    Row raw = rows.get(0);
    assertEquals(2000, raw.throughput());
    assertEquals(1.0, raw.ratioToBaseline());
    Row warren = rows.get(1);
    assertEquals("warren-amqp", warren.contender());
    assertEquals(64, warren.inFlight());
    assertEquals(1900, warren.throughput());
    assertEquals(2.2, warren.p50Ms());
    // Per round 0.95, 0.8, 0.9: the median is 0.9. The medians' ratio, 1900 / 2000, would be 0.95.
    assertEquals(0.9, warren.ratioToBaseline(), 1e-9);
    assertEquals(1.1, warren.p50Ratio(), 1e-9);
    assertEquals(1.25, warren.p99Ratio(), 1e-9);
  }

  @Test
  void a_contender_naming_its_own_baseline_is_compared_with_that_one() {
    Map<Contender, List<Sample>> samples = new LinkedHashMap<>();
    samples.put(named("perftest-confirm", null), List.of(sample(5000, 4.0, 20.0)));
    samples.put(named("posts", null), List.of(sample(500, 40.0, 100.0)));
    samples.put(named("http-raw-rpc", "http-raw-rpc"), List.of(sample(1000, 10.0, 50.0)));
    samples.put(named("timeline", "http-raw-rpc"), List.of(sample(400, 20.0, 150.0)));

    List<Row> rows = Runner.summarize("e2e", 64, samples);

    assertEquals(0.1, rows.get(1).ratioToBaseline(), 1e-9);
    assertEquals(1.0, rows.get(2).ratioToBaseline(), 1e-9);
    assertEquals(0.4, rows.get(3).ratioToBaseline(), 1e-9);
    assertEquals(3.0, rows.get(3).p99Ratio(), 1e-9);
  }

  @Test
  void each_contender_first_runs_at_the_most_calls_in_flight_for_the_jit_then_rounds_alternate()
      throws Exception {
    List<String> runs = new ArrayList<>();
    Runner runner =
        new Runner(
            Duration.ofMillis(5),
            Duration.ofMillis(2),
            Duration.ofMillis(1),
            2,
            new PrintWriter(Writer.nullWriter()));

    List<Row> rows = new ArrayList<>();
    runner.run(
        scenario(), List.of(recording("a", runs), recording("b", runs)), List.of(1, 64), rows);

    assertEquals(
        List.of(
            "a@64 5ms",
            "b@64 5ms", // the JIT warm-up, at the largest count
            "a@1 2ms",
            "b@1 2ms",
            "a@1 1ms",
            "b@1 1ms",
            "b@1 1ms",
            "a@1 1ms",
            "a@64 2ms",
            "b@64 2ms",
            "a@64 1ms",
            "b@64 1ms",
            "b@64 1ms",
            "a@64 1ms"),
        runs);
    assertEquals(4, rows.size());
  }

  @Test
  void a_zero_jit_warm_up_runs_nothing_before_the_first_count() throws Exception {
    List<String> runs = new ArrayList<>();
    Runner runner =
        new Runner(
            Duration.ZERO,
            Duration.ofMillis(2),
            Duration.ofMillis(1),
            1,
            new PrintWriter(Writer.nullWriter()));

    runner.run(scenario(), List.of(recording("a", runs)), List.of(16), new ArrayList<>());

    assertEquals(List.of("a@16 2ms", "a@16 1ms"), runs);
  }

  private static Scenario scenario() {
    return new Scenario() {
      @Override
      public String name() {
        return "test";
      }

      @Override
      public String description() {
        return "runner order";
      }

      @Override
      public List<Integer> inFlights() {
        return List.of(1, 64);
      }

      @Override
      public List<Contender> open(BenchBroker broker) {
        throw new UnsupportedOperationException();
      }
    };
  }

  /** A contender that only writes down each run it was asked for. */
  private static Contender recording(String name, List<String> runs) {
    return new Contender() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Sample run(int inFlight, Duration duration) {
        runs.add(name + "@" + inFlight + " " + duration.toMillis() + "ms");
        return sample(1000, 1.0, 2.0);
      }

      @Override
      public void close() {}
    };
  }

  private static Sample sample(double throughput, double p50, double p99) {
    return new Sample(100, 0, throughput, p50, p99, 10, 20);
  }

  private static Contender named(String name) {
    return named(name, null);
  }

  private static Contender named(String name, String baseline) {
    return new Contender() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String baseline() {
        return baseline;
      }

      @Override
      public Sample run(int inFlight, Duration duration) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void close() {}
    };
  }
}
