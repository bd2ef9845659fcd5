package warren.bench.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import warren.bench.Contender;
import warren.bench.Sample;

/**
 * The posts reference: RabbitMQ PerfTest ({@code com.rabbitmq:perf-test}) publishing persistent
 * 100-byte messages with confirms, {@code inFlight} unconfirmed at most ({@code -c}), to a quorum
 * queue like {@code store.create-post}, with one consumer so the queue does not grow. It runs as a
 * child JVM on the bench's own vhost; its own summary gives the rate and the confirm latency.
 */
final class PerfTestConfirm implements Contender {
  static final String QUEUE = "perftest.confirm";
  private static final Pattern RATE = Pattern.compile("sending rate avg: (\\d+) msg/s");
  private static final Pattern CONFIRM =
      Pattern.compile(
          "confirm latency min/median/75th/95th/99th (\\d+)/(\\d+)/\\d+/\\d+/(\\d+) µs");

  private final URI amqpUri;
  private final String classpath;

  /**
   * @param amqpUri the bench vhost's URI, as the management user
   * @param benchLib bench/target, holding perftest-lib/ and lib/
   */
  PerfTestConfirm(URI amqpUri, Path benchTarget) throws IOException {
    this.amqpUri = amqpUri;
    Path perfTestLib = benchTarget.resolve("perftest-lib");
    if (!Files.isDirectory(perfTestLib)) {
      throw new IOException(
          "no " + perfTestLib + ": run ./warren build (the bench module copies PerfTest there)");
    }
    List<String> entries = new ArrayList<>();
    entries.add(perfTestLib.resolve("*").toString());
    // PerfTest's amqp-client and micrometer come from the bench's own lib; it logs with logback.
    try (Stream<Path> jars = Files.list(benchTarget.resolve("lib"))) {
      jars.filter(p -> !p.getFileName().toString().startsWith("slf4j-simple"))
          .map(Path::toString)
          .sorted()
          .forEach(entries::add);
    }
    this.classpath = String.join(java.io.File.pathSeparator, entries);
  }

  @Override
  public String name() {
    return "perftest-confirm";
  }

  @Override
  public Sample run(int inFlight, Duration duration) throws Exception {
    long seconds = Math.max(1, Math.round(duration.toMillis() / 1000.0));
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                classpath,
                "com.rabbitmq.perf.PerfTest",
                "--uri",
                amqpUri.toString(),
                "--producers",
                "1",
                "--consumers",
                "1",
                "--confirm",
                Integer.toString(inFlight),
                "--flag",
                "persistent",
                "--quorum-queue",
                "--queue",
                QUEUE,
                "--size",
                "100",
                "--time",
                Long.toString(seconds))
            .redirectErrorStream(true)
            .start();
    double rate = Double.NaN;
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    List<String> output = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        output.add(line);
        Matcher r = RATE.matcher(line);
        if (r.find()) {
          rate = Double.parseDouble(r.group(1));
        }
        Matcher c = CONFIRM.matcher(line);
        if (c.find()) {
          p50 = Long.parseLong(c.group(2)) / 1000.0;
          p99 = Long.parseLong(c.group(3)) / 1000.0;
        }
      }
    } finally {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    if (Double.isNaN(rate)) {
      throw new IllegalStateException(
          "PerfTest printed no sending rate (exit "
              + p.exitValue()
              + "); its output:\n"
              + String.join("\n", output.subList(Math.max(0, output.size() - 15), output.size())));
    }
    return new Sample(Math.round(rate * seconds), 0, rate, p50, p99, Double.NaN, Double.NaN);
  }

  @Override
  public void close() {}
}
