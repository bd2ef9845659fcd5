package warren.bench;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import warren.bench.commands.CommandsScenario;
import warren.bench.e2e.E2eScenario;
import warren.bench.rpc.RpcScenario;
import warren.messaging.management.ManagementOptions;

/**
 * {@code ./warren bench [scenario...]}: measures the scenarios side by side on the local broker,
 * prints the table (Markdown, on stdout) and the goals, and writes {@code latest.json}. Progress
 * goes to stderr.
 *
 * <pre>./warren bench rpc --duration 5s --rounds 5</pre>
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure Warren against raw amqp-client, Spring AMQP, HTTP and raw TCP, side by side.",
      "Scenarios: rpc, commands (default: both) and e2e, which starts the whole app with",
      "./warren up on a database, vhost and ports of its own (see README, Benchmarks)."
    })
public final class BenchCommand implements Callable<Integer> {
  /** The scenarios by name, in the order a default run measures them. */
  static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

  /** Scenarios a run without names measures: e2e starts the whole app, so it is asked for. */
  static final List<String> DEFAULT_SCENARIOS = List.of("rpc", "commands");

  /**
   * e2e's own run lengths when none are given: its runs are HTTP load on the whole app, which needs
   * longer runs than an echo, and fewer rounds keep it near 5 minutes with the app's start-up.
   */
  static final Duration E2E_DURATION = Duration.ofSeconds(10);

  static final Duration E2E_WARM_UP = Duration.ofSeconds(3);
  static final int E2E_ROUNDS = 3;

  /**
   * e2e's JIT warm-up per contender when none is given. The JIT compiles a method after thousands
   * of calls, not seconds, and a timeline read does a quarter of the echo's calls per second: after
   * 5 s, web and store still compiled 80 to 150 methods per 5 s through the measured rounds
   * (-XX:+PrintCompilation), C2 took 23 to 40 % of their CPU (async-profiler), and the timeline's
   * three rounds rose 1,257, 1,394, 1,874 reads/s while the echo's stayed flat.
   */
  static final Duration E2E_JIT_WARM_UP = Duration.ofSeconds(20);

  static final E2eScenario E2E = new E2eScenario();

  static {
    SCENARIOS.put("rpc", new RpcScenario());
    SCENARIOS.put("commands", new CommandsScenario());
    SCENARIOS.put("e2e", E2E);
  }

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "SCENARIO",
      arity = "0..*",
      description = "rpc, commands, e2e (default: rpc commands)")
  List<String> scenarios = new ArrayList<>();

  @Option(
      names = "--followers",
      defaultValue = "1000",
      description =
          "e2e: followers, each with its own stream connection (default ${DEFAULT-VALUE}).")
  int followers;

  @Option(
      names = "--posters",
      defaultValue = "16",
      description =
          "e2e: users whose tokens the posting clients take in turn (default ${DEFAULT-VALUE}).")
  int posters;

  @Option(
      names = "--duration",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description = "Length of each measured run (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--warm-up",
      defaultValue = "1.5s",
      converter = DurationConverter.class,
      description = "Length of each contender's warm-up run (default ${DEFAULT-VALUE}).")
  Duration warmUp;

  @Option(
      names = "--jit-warm-up",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = {
        "Length of each contender's first run, at the most calls in flight, so the JIT (the",
        "bench's and, for e2e, the services') has compiled every hot path before the first",
        "measured run; 0s for none (default ${DEFAULT-VALUE}; e2e 20s)."
      })
  Duration jitWarmUp;

  @Option(
      names = "--rounds",
      defaultValue = "7",
      description =
          "Measured runs per contender, alternating; more short rounds make the medians"
              + " steadier on a busy machine (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--in-flight",
      split = ",",
      paramLabel = "N",
      description = "Only these numbers of calls in flight (default: each scenario's own).")
  List<Integer> inFlight;

  @Option(
      names = "--contender",
      split = ",",
      paramLabel = "NAME",
      description = "Only these contenders besides the baseline (default: all).")
  List<String> only;

  @Option(
      names = "--amqp-uri",
      paramLabel = "URI",
      defaultValue = "${env:WARREN_BENCH_AMQP_URI:-amqp://guest:guest@127.0.0.1:5672}",
      description =
          "Broker, without a vhost; the user must be the management user (default"
              + " ${DEFAULT-VALUE}).")
  URI amqpUri;

  @Option(
      names = "--out",
      description =
          "Where the rows go as JSON (default bench/results/latest.json, or"
              + " bench/results/e2e-latest.json for a run of e2e alone).")
  Path out;

  @Mixin ManagementOptions management;

  public static void main(String[] args) {
    // The contenders' own logs (Undertow's start banner, Spring's notes) would break up the table.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.jboss.logging.provider", "slf4j");
    System.exit(new CommandLine(new BenchCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = new PrintWriter(System.out, true);
    PrintWriter stderr = new PrintWriter(System.err, true);
    List<Scenario> chosen = new ArrayList<>();
    for (String name : scenarios.isEmpty() ? DEFAULT_SCENARIOS : scenarios) {
      Scenario scenario = SCENARIOS.get(name);
      if (scenario == null) {
        stderr.println("error: no scenario " + name + "; choose from " + SCENARIOS.keySet());
        return 2;
      }
      chosen.add(scenario);
    }
    if (out == null) {
      out =
          Path.of(
              chosen.equals(List.of(E2E))
                  ? "bench/results/e2e-latest.json"
                  : "bench/results/latest.json");
    }
    E2E.followers(followers);
    E2E.posters(posters);
    E2E.progress(stderr);
    Runner runner = new Runner(jitWarmUp, warmUp, duration, rounds, stderr);
    Runner e2eRunner =
        new Runner(
            given("--jit-warm-up") ? jitWarmUp : E2E_JIT_WARM_UP,
            given("--warm-up") ? warmUp : E2E_WARM_UP,
            given("--duration") ? duration : E2E_DURATION,
            given("--rounds") ? rounds : E2E_ROUNDS,
            stderr);
    List<Map<String, Object>> extras = new ArrayList<>();
    List<Goals.Result> ownGoals = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    String failure = null;
    try (BenchBroker broker = BenchBroker.create(management.client(), amqpUri)) {
      stderr.printf("bench on vhost %s%n", broker.vhost());
      for (Scenario scenario : chosen) {
        stderr.println(scenario.name() + ": " + scenario.description());
        stderr.println(
            "  "
                + (scenario == E2E ? e2eRunner : runner).plan()
                + " per contender and in-flight count");
        try {
          measure(scenario == E2E ? e2eRunner : runner, scenario, broker, rows);
        } catch (Exception e) {
          // A broker restarted by someone else, say: report what was measured, and fail.
          failure = scenario.name() + " stopped: " + e;
          break;
        } finally {
          extras.addAll(scenario.extraResults());
          ownGoals.addAll(scenario.goals());
        }
      }
    }
    Report.table(rows, stdout);
    for (Scenario scenario : chosen) {
      scenario.printExtras(stdout);
    }
    List<Goals.Result> goals = new ArrayList<>(Goals.check(rows));
    goals.addAll(ownGoals);
    Goals.print(goals, stdout);
    Report.json(rows, extras, out);
    stderr.println("wrote " + out);
    if (failure != null) {
      stderr.println("error: " + failure + "; the table holds what was measured before");
      return 1;
    }
    return 0;
  }

  private void measure(Runner runner, Scenario scenario, BenchBroker broker, List<Row> rows)
      throws Exception {
    try {
      List<Contender> contenders = scenario.open(broker);
      try {
        runner.run(
            scenario,
            selected(contenders),
            inFlight == null ? scenario.inFlights() : inFlight,
            rows);
      } finally {
        for (Contender c : contenders) {
          try {
            c.close();
          } catch (Exception e) {
            System.err.println("closing " + c.name() + ": " + e);
          }
        }
      }
    } finally {
      scenario.close();
    }
  }

  /** True when the option was on the command line (not just its default). */
  private boolean given(String option) {
    return spec != null && spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  private List<Contender> selected(List<Contender> contenders) {
    if (only == null) {
      return contenders;
    }
    List<Contender> kept = new ArrayList<>();
    kept.add(contenders.get(0));
    for (Contender c : contenders.subList(1, contenders.size())) {
      if (only.contains(c.name())) {
        kept.add(c);
      }
    }
    return kept;
  }

  /**
   * Reads {@code 3s}, {@code 500ms}, {@code 2m}, a bare number of seconds, or an ISO-8601 duration
   * such as {@code PT4S}.
   */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      try {
        if (v.startsWith("p")) {
          return Duration.parse(value.trim());
        }
        if (v.endsWith("ms")) {
          return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("s")) {
          return Duration.ofMillis(
              Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
        }
        if (v.endsWith("m")) {
          return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
      } catch (RuntimeException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a duration: write 3s, 500ms, 2m or PT4S");
      }
    }
  }
}
