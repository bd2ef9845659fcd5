package warren.bench.e2e;

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
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole app as README starts it: {@code ./warren up} as a child process in a process group of
 * its own ({@code setsid}), so that stopping it (SIGTERM, then SIGKILL to the group) leaves nothing
 * behind, also when the bench is interrupted (a shutdown hook does the same). Replicas are known by
 * the launcher's {@code started web-1 (pid N, port P)} lines.
 */
final class WarrenUp implements AutoCloseable {
  static final List<String> SERVICES = List.of("web-1", "auth-1", "store-1", "notify-1");
  private static final Pattern STARTED =
      Pattern.compile("warren: started (\\S+) \\(pid (\\d+), port (\\d+)\\)");
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(45);

  /** One service JVM as the launcher announced it. */
  record Replica(String label, long pid, int port) {}

  private final Process up;
  private final Map<String, Replica> replicas = new LinkedHashMap<>();
  private final Deque<String> tail = new ArrayDeque<>();
  private final Thread hook;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private WarrenUp(Process up) {
    this.up = up;
    this.hook = new Thread(this::stop, "warren-up-stopper");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Starts {@code ./warren up} from {@code root} with {@code env} added to its environment, copies
   * its output to {@code log}, and waits until web and every worker answer 200 on {@code /readyz}.
   */
  static WarrenUp start(Path root, Map<String, String> env, Path log, Duration timeout)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder("setsid", root.resolve("warren").toString(), "up")
            .directory(root.toFile())
            .redirectErrorStream(true);
    builder.environment().putAll(env);
    Files.createDirectories(log.toAbsolutePath().getParent());
    WarrenUp system = new WarrenUp(builder.start());
    system.copyOutput(log);
    try {
      system.awaitReady(timeout);
    } catch (RuntimeException e) {
      system.close();
      throw e;
    }
    return system;
  }

  private void copyOutput(Path log) throws IOException {
    PrintWriter file = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true);
    Thread.ofPlatform()
        .daemon()
        .name("warren-up-output")
        .start(
            () -> {
              try (file;
                  BufferedReader reader =
                      new BufferedReader(
                          new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  file.println(line);
                  record(line);
                }
              } catch (IOException e) {
                file.println("bench: output of ./warren up ended: " + e);
              }
            });
  }

  private synchronized void record(String line) {
    tail.addLast(line);
    if (tail.size() > 30) {
      tail.removeFirst();
    }
    Matcher m = STARTED.matcher(line);
    if (m.find()) {
      replicas.put(
          m.group(1),
          new Replica(m.group(1), Long.parseLong(m.group(2)), Integer.parseInt(m.group(3))));
    }
  }

  synchronized Map<String, Replica> replicas() {
    return Map.copyOf(replicas);
  }

  /** The last lines of {@code up}'s output, for an error message. */
  synchronized String tail() {
    return String.join("\n", tail);
  }

  /** The pid of {@code ./warren up} itself, which leads the process group. */
  long pid() {
    return up.pid();
  }

  boolean isUp() {
    return up.isAlive();
  }

  /** Throws, with the end of {@code up}'s output, unless it still runs. */
  void checkUp() {
    if (!up.isAlive()) {
      throw new IllegalStateException(
          "./warren up exited with status " + up.exitValue() + "; its last output:\n" + tail());
    }
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      checkUp();
      List<String> notReady = new ArrayList<>();
      Map<String, Replica> now = replicas();
      for (String label : SERVICES) {
        Replica r = now.get(label);
        if (r == null || readyz(r.port()) != 200) {
          notReady.add(label);
        }
      }
      if (notReady.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "not ready within "
                + timeout
                + ": "
                + notReady
                + "; output of ./warren up:\n"
                + tail());
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for ./warren up", e);
      }
    }
  }

  private int readyz(int port) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                  .timeout(Duration.ofSeconds(3))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Resident memory of a process in MiB from /proc, or NaN when it is gone. */
  static double rssMiB(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone, or not Linux
    }
    return Double.NaN;
  }

  /** SIGTERM to {@code up} (it drains its replicas), then SIGKILL to its whole process group. */
  private synchronized void stop() {
    if (up.isAlive()) {
      up.destroy();
      try {
        up.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // setsid made up the leader of its group: whatever is left of it dies with the group.
    try {
      new ProcessBuilder("kill", "-KILL", "--", "-" + up.pid())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      // no kill(1): the service JVMs were TERMed by up already
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Replica r : replicas().values()) {
      ProcessHandle.of(r.pid()).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs stop() again, which is harmless
    }
  }
}
