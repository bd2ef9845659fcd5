package warren.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The speed goals of issue 8, as ratios measured in the same run, checked against the rows. A goal
 * whose rows were not measured (another scenario was chosen) is left out.
 */
public final class Goals {
  /** One goal: what was measured, against which bound. */
  public record Result(String goal, double measured, double bound, boolean atLeast, String unit) {
    /** A goal on a ratio. */
    public Result(String goal, double measured, double bound, boolean atLeast) {
      this(goal, measured, bound, atLeast, "×");
    }

    public boolean met() {
      return atLeast ? measured >= bound : measured <= bound;
    }
  }

  private Goals() {}

  public static List<Result> check(List<Row> rows) {
    List<Result> results = new ArrayList<>();
    find(rows, "rpc", "warren-amqp", 64)
        .ifPresent(
            w -> {
              results.add(
                  new Result(
                      "rpc@64 warren-amqp calls/s ≥ 0.9× raw-amqp",
                      w.ratioToBaseline(),
                      0.9,
                      true));
              results.add(
                  new Result("rpc@64 warren-amqp p99 ≤ 1.25× raw-amqp", w.p99Ratio(), 1.25, false));
              find(rows, "rpc", "spring-amqp", 64)
                  .ifPresent(
                      s ->
                          results.add(
                              new Result(
                                  "rpc@64 warren-amqp calls/s ≥ 1.5× spring-amqp",
                                  w.throughput() / s.throughput(),
                                  1.5,
                                  true)));
            });
    find(rows, "rpc", "warren-amqp", 1)
        .ifPresent(
            w ->
                results.add(
                    new Result("rpc@1 warren-amqp p50 ≤ 1.1× raw-amqp", w.p50Ratio(), 1.1, false)));
    find(rows, "commands", "warren-amqp", 64)
        .ifPresent(
            w ->
                results.add(
                    new Result(
                        "commands@64 warren-amqp sends/s ≥ 0.9× raw-amqp",
                        w.ratioToBaseline(),
                        0.9,
                        true)));
    find(rows, "e2e", "posts", 64)
        .ifPresent(
            p ->
                results.add(
                    new Result(
                        "e2e@64 posts/s (store queue not growing) ≥ 0.1× perftest-confirm",
                        p.ratioToBaseline(),
                        0.1,
                        true)));
    find(rows, "e2e", "timeline", 64)
        .ifPresent(
            t ->
                results.add(
                    new Result(
                        "e2e@64 timeline reads/s ≥ 0.3× http-raw-rpc",
                        t.ratioToBaseline(),
                        0.3,
                        true)));
    rows.stream()
        .filter(r -> r.scenario().equals("e2e") && r.contender().equals("post-to-stream"))
        .findFirst()
        .ifPresent(
            s ->
                results.add(
                    new Result(
                        "e2e post → followers' streams p99 ≤ 250 ms",
                        s.p99Ms(),
                        250,
                        false,
                        " ms")));
    return results;
  }

  public static void print(List<Result> results, PrintWriter out) {
    if (results.isEmpty()) {
      return;
    }
    out.println();
    out.println("| goal | measured | |");
    out.println("|---|--:|---|");
    for (Result r : results) {
      out.printf(
          Locale.ROOT,
          "| %s | %.2f%s | %s |%n",
          r.goal(),
          r.measured(),
          r.unit(),
          r.met() ? "met" : "MISSED");
    }
    out.flush();
  }

  private static Optional<Row> find(List<Row> rows, String scenario, String contender, int n) {
    return rows.stream()
        .filter(
            r ->
                r.scenario().equals(scenario)
                    && r.contender().equals(contender)
                    && r.inFlight() == n)
        .findFirst();
  }
}
