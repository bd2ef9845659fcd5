package warren.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
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
  void rows_hold_medians_of_the_rounds_and_ratios_to_the_first_contender() {
    Map<Contender, List<Sample>> samples = new LinkedHashMap<>();
    samples.put(
        named("raw-amqp"),
        List.of(sample(1000, 1.0, 4.0), sample(3000, 3.0, 8.0), sample(2000, 2.0, 6.0)));
    samples.put(
        named("warren-amqp"),
        List.of(sample(1800, 2.2, 6.0), sample(1900, 2.0, 7.5), sample(5000, 9.0, 90.0)));

    List<Row> rows = Runner.summarize("rpc", 64, samples);

    Row raw = rows.get(0);
    assertEquals(2000, raw.throughput());
    assertEquals(1.0, raw.ratioToBaseline());
    Row warren = rows.get(1);
    assertEquals("warren-amqp", warren.contender());
    assertEquals(64, warren.inFlight());
    assertEquals(1900, warren.throughput());
    assertEquals(0.95, warren.ratioToBaseline(), 1e-9);
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
