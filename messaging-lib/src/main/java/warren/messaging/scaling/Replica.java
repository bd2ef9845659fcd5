package warren.messaging.scaling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One child process of the {@link Supervisor}: its role, number, health port and where it is in its
 * life. Fields are touched only under the supervisor's lock.
 */
final class Replica {
  final Supervisor.Role role;
  final int number;
  final int port;
  final Process process;
  final Instant startedAt;
  Instant readyAt;
  Instant drainingSince;

  Replica(Supervisor.Role role, int number, int port, Process process, Instant startedAt) {
    this.role = role;
    this.number = number;
    this.port = port;
    this.process = process;
    this.startedAt = startedAt;
  }

  Supervisor.Status status() {
    if (drainingSince != null) {
      return Supervisor.Status.DRAINING;
    }
    return readyAt == null ? Supervisor.Status.STARTING : Supervisor.Status.SERVING;
  }

  void drain(Instant now) {
    if (drainingSince == null) {
      drainingSince = now;
      process.destroy(); // SIGTERM: the worker's shutdown hook drains and acks
    }
  }

  String label() {
    return role.service() + "-" + number + " (pid " + process.pid() + ", port " + port + ")";
  }

  /**
   * Starts replica {@code number} of the role with {@code WARREN_REPLICA} and {@code
   * WARREN_HEALTH_PORT} set, its output appended to {@code <logDirectory>/<service>-<n>.log} or
   * shared with this process when the directory is null.
   */
  static Replica start(
      Supervisor.Role role,
      int number,
      Map<String, String> environment,
      Path logDirectory,
      Instant now) {
    int port = role.basePort() + number - 1;
    ProcessBuilder builder = new ProcessBuilder(role.command());
    builder.environment().putAll(environment);
    builder.environment().put("WARREN_REPLICA", Integer.toString(number));
    builder.environment().put("WARREN_HEALTH_PORT", Integer.toString(port));
    builder.redirectErrorStream(true);
    if (logDirectory == null) {
      builder.redirectOutput(ProcessBuilder.Redirect.INHERIT);
    } else {
      try {
        Files.createDirectories(logDirectory);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + logDirectory, e);
      }
      builder.redirectOutput(
          ProcessBuilder.Redirect.appendTo(
              logDirectory.resolve(role.service() + "-" + number + ".log").toFile()));
    }
    try {
      return new Replica(role, number, port, builder.start(), now);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start "
              + role.service()
              + " with "
              + String.join(" ", role.command())
              + ": "
              + e.getMessage()
              + " (is the command on the PATH, and built?)",
          e);
    }
  }

  /** Whether its {@code /readyz} answers 200 now. */
  boolean answersReady(HttpClient http) {
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                  .timeout(Duration.ofSeconds(1))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
