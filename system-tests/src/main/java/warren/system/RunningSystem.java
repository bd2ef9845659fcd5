package warren.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import warren.messaging.management.ManagementClient;

/**
 * The whole system as README starts it: {@code ./warren up [--scale ...]} as a child process, on
 * its own database and with its ports moved aside by {@code WARREN_PORT_OFFSET}, so that it runs
 * beside a developer's own {@code ./warren up}.
 *
 * <p>Every output line of every service is kept (for the log checks) and copied to a log file.
 * Replicas are known by the launcher's label ({@code store-2}); their pid and port come from its
 * {@code started store-2 (pid N, port P)} lines, the latest line winning after a restart.
 *
 * <p>Thread-safe. {@link #close()} stops everything gracefully (SIGTERM to {@code up}).
 */
public final class RunningSystem implements AutoCloseable {
  public static final int DEFAULT_PORT_OFFSET = 10_000;
  public static final Duration START_TIMEOUT = Duration.ofSeconds(240);
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private static final Pattern STARTED =
      Pattern.compile("^warren: started (\\S+) \\(pid (\\d+), port (\\d+)\\)");

  private final Process up;
  private final Options options;
  private final List<String> lines = new ArrayList<>();
  private final Map<String, Replica> replicas = new LinkedHashMap<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** One running replica as the launcher announced it. */
  public record Replica(String label, long pid, int port) {
    /** {@code store} for {@code store-2}. */
    public String service() {
      return label.substring(0, label.lastIndexOf('-'));
    }
  }

  /**
   * How to start the system.
   *
   * @param scale replicas per service, for {@code --scale}; services not named run one replica
   * @param env extra environment variables for every process
   * @param database the PostgreSQL database, dropped and created fresh
   * @param vhost the RabbitMQ vhost ({@code WARREN_VHOST}), deleted and created fresh: a system
   *     sharing the vhost of another would share its queues and take its messages
   * @param portOffset {@code WARREN_PORT_OFFSET}: web on 8080 + offset, workers 8181 + offset...
   * @param logFile where every output line is copied
   */
  public record Options(
      Map<String, Integer> scale,
      Map<String, String> env,
      String database,
      String vhost,
      int portOffset,
      Path logFile) {
    public Options {
      scale = Map.copyOf(scale);
      env = Map.copyOf(env);
    }

    public int webPort(int replica) {
      return 8080 + portOffset + replica - 1;
    }
  }

  private RunningSystem(Process up, Options options) {
    this.up = up;
    this.options = options;
  }

  /**
   * Creates the database fresh, starts {@code ./warren up} and waits until web and every worker
   * replica answers 200 on {@code /readyz}.
   *
   * @throws IllegalStateException when {@code up} exits or a replica is not ready within {@link
   *     #START_TIMEOUT}; everything started is stopped first
   */
  public static RunningSystem start(Options options) throws IOException {
    Postgres.recreate(options.database());
    // The topology is applied afresh by ./warren up: no messages or dead letters of a former run.
    ManagementClient.builder().build().deleteVhost(options.vhost());
    List<String> command = new ArrayList<>(List.of(Repo.root().resolve("warren").toString(), "up"));
    options.scale().forEach((service, n) -> command.addAll(List.of("--scale", service + "=" + n)));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(Repo.root().toFile()).redirectErrorStream(true);
    builder.environment().putAll(options.env());
    builder.environment().put("WARREN_DB_URL", Postgres.jdbcUrl(options.database()));
    builder.environment().put("WARREN_VHOST", options.vhost());
    builder.environment().put("WARREN_PORT_OFFSET", Integer.toString(options.portOffset()));
    // ./warren drill and Maven built everything already; a build inside would race with them.
    builder.environment().put("WARREN_NO_BUILD", "true");
    Files.createDirectories(options.logFile().toAbsolutePath().getParent());
    RunningSystem system = new RunningSystem(builder.start(), options);
    system.keepOutput();
    try {
      system.awaitReady(START_TIMEOUT);
    } catch (RuntimeException e) {
      system.close();
      throw e;
    }
    return system;
  }

  private void keepOutput() throws IOException {
    PrintWriter log =
        new PrintWriter(
            Files.newBufferedWriter(
                options.logFile(),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND),
            true);
    log.println("==== ./warren up started by the system tests at " + Instant.now());
    Thread.ofPlatform()
        .daemon()
        .name("warren-up-output")
        .start(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(
                      new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  log.println(line);
                  record(line);
                }
              } catch (IOException e) {
                log.println("drills: output of ./warren up ended: " + e);
              } finally {
                log.close();
              }
            });
  }

  private synchronized void record(String line) {
    lines.add(line);
    Matcher started = STARTED.matcher(line);
    if (started.find()) {
      String label = started.group(1);
      replicas.put(
          label,
          new Replica(label, Long.parseLong(started.group(2)), Integer.parseInt(started.group(3))));
    }
    notifyAll();
  }

  /** Every output line so far, in order. */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /** Output lines since line {@code from} (a earlier {@code lines().size()}). */
  public synchronized List<String> linesSince(int from) {
    return List.copyOf(lines.subList(Math.min(from, lines.size()), lines.size()));
  }

  /** The replicas announced so far, by label. */
  public synchronized Map<String, Replica> replicas() {
    return Map.copyOf(replicas);
  }

  public synchronized Replica replica(String label) {
    Replica replica = replicas.get(label);
    if (replica == null) {
      throw new IllegalArgumentException(
          "no replica " + label + " was started; running: " + replicas.keySet());
    }
    return replica;
  }

  public Options options() {
    return options;
  }

  public URI web(int replica) {
    return URI.create("http://127.0.0.1:" + options.webPort(replica));
  }

  /** The HTTP status of a replica's {@code /readyz}, or -1 when it does not answer. */
  public int readyz(String label) {
    return status(replica(label).port(), "/readyz");
  }

  /** The body of a replica's {@code /readyz}, or the reason it did not answer. */
  public String readyzBody(String label) {
    try {
      return get(replica(label).port(), "/readyz").body();
    } catch (IOException e) {
      return "no answer: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  public int status(int port, String path) {
    try {
      return get(port, path).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The labels of every replica {@code up} was asked to run. */
  public List<String> expectedLabels() {
    List<String> labels = new ArrayList<>();
    for (String service : List.of("web", "auth", "store", "notify")) {
      int n = options.scale().getOrDefault(service, 1);
      for (int i = 1; i <= n; i++) {
        labels.add(service + "-" + i);
      }
    }
    return labels;
  }

  /** Each replica's {@code /readyz} answer right now, for a message saying what is wrong. */
  public String readiness() {
    StringBuilder why = new StringBuilder();
    for (String label : expectedLabels()) {
      why.append(label)
          .append(": ")
          .append(replicas().containsKey(label) ? readyzBody(label) : "not started")
          .append("; ");
    }
    return why.toString();
  }

  /** True when every replica answers 200 on {@code /readyz}. */
  public boolean allReady() {
    for (String label : expectedLabels()) {
      if (!replicas().containsKey(label) || readyz(label) != 200) {
        return false;
      }
    }
    return true;
  }

  /**
   * Waits until every replica answers 200 on {@code /readyz}.
   *
   * @throws IllegalStateException when {@code up} exits first, or at the timeout, naming the
   *     replicas that were not ready and their last answer
   */
  public void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!allReady()) {
      if (!up.isAlive()) {
        throw new IllegalStateException(
            "./warren up exited with status " + up.exitValue() + "; its output: " + tail(40));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the system was not ready within "
                + timeout
                + ": "
                + readiness()
                + "output: "
                + tail(40));
      }
      Waiting.pause(Duration.ofMillis(500));
    }
  }

  /** The last {@code n} output lines, one string. */
  public String tail(int n) {
    List<String> all = lines();
    return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
  }

  /** Sends SIGKILL to a replica; returns the replica that was killed. */
  public Replica killHard(String label) {
    Replica replica = replica(label);
    ProcessHandle.of(replica.pid())
        .orElseThrow(
            () -> new IllegalStateException(label + " (pid " + replica.pid() + ") is not running"))
        .destroyForcibly();
    return replica;
  }

  /**
   * Waits until {@code up} restarted the replica {@code killed} and the new process answers 200 on
   * {@code /readyz}.
   */
  public Replica awaitRestarted(Replica killed, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Replica now = replicas().get(killed.label());
      if (now != null && now.pid() != killed.pid() && readyz(killed.label()) == 200) {
        return now;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            killed.label()
                + " was not restarted and ready within "
                + timeout
                + ": "
                + readyzBody(killed.label()));
      }
      Waiting.pause(Duration.ofMillis(200));
    }
  }

  /** True while {@code ./warren up} runs. */
  public boolean isUp() {
    return up.isAlive();
  }

  /**
   * Stops everything as Ctrl-C would (SIGTERM to {@code up}, which stops its replicas gracefully);
   * kills whatever is left after {@link #STOP_TIMEOUT}.
   */
  @Override
  public void close() {
    List<ProcessHandle> children = up.descendants().toList();
    up.destroy();
    try {
      if (!up.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        up.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      up.destroyForcibly();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }
}
