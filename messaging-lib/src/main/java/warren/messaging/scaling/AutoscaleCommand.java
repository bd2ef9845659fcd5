package warren.messaging.scaling;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Undertow;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import warren.messaging.management.ManagementOptions;

/**
 * {@code warren autoscale [SERVICE...]}: runs the worker roles as local processes and follows the
 * scaling hints until Ctrl-C, which drains every replica. Each replica runs {@code <command prefix>
 * <service>} (default {@code ./warren run}) with its own {@code WARREN_REPLICA} and health port.
 *
 * <pre>
 * ./warren autoscale                       # auth, store and notify
 * ./warren autoscale store --max 8 --target 30 --metrics-port 9099
 * </pre>
 */
@Command(
    name = "autoscale",
    mixinStandardHelpOptions = true,
    description =
        "Run worker roles as local processes and start or drain replicas to follow the scaling"
            + " hints, until Ctrl-C (which drains them all).")
public final class AutoscaleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ManagementOptions management;
  @Mixin PolicyOptions policy;

  @Parameters(
      paramLabel = "SERVICE",
      description = "Roles to run (default: auth store notify).",
      arity = "0..*")
  List<String> services = new ArrayList<>(List.of("auth", "store", "notify"));

  @Option(
      names = "--vhost",
      paramLabel = "VHOST",
      defaultValue = "${env:WARREN_VHOST:-warren}",
      description = "Virtual host of the workers (env WARREN_VHOST, default ${DEFAULT-VALUE}).")
  String vhost;

  @Option(
      names = "--command-prefix",
      paramLabel = "COMMAND",
      defaultValue = "./warren run",
      description = "Command that runs one replica, given the service (default ${DEFAULT-VALUE}).")
  String commandPrefix;

  @Option(
      names = "--port",
      paramLabel = "SERVICE=PORT",
      description =
          "Health port of a role's replica 1 (default auth 8181, store 8281, notify 8381).")
  Map<String, Integer> ports = new HashMap<>();

  @Option(
      names = "--interval",
      paramLabel = "SECONDS",
      defaultValue = "5",
      description = "Seconds between two looks (default ${DEFAULT-VALUE}).")
  long interval;

  @Option(
      names = "--logs",
      paramLabel = "DIR",
      description = "Write each replica's output to DIR/<service>-<n>.log instead of this one's.")
  Path logs;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description = "Serve the scaling gauges in Prometheus text on http://127.0.0.1:PORT/metrics.")
  Integer metricsPort;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<Supervisor.Role> roles = new ArrayList<>();
    Map<String, Integer> bases = new LinkedHashMap<>(LocalWorkers.BASE_PORTS);
    bases.putAll(ports);
    for (String service : services) {
      Integer base = bases.get(service);
      if (base == null) {
        throw new IllegalArgumentException(
            "no health port for " + service + ": give one with --port " + service + "=PORT");
      }
      List<String> command = new ArrayList<>(Arrays.asList(commandPrefix.strip().split("\\s+")));
      command.add(service);
      roles.add(new Supervisor.Role(service, command, base, policy.policy()));
    }
    Supervisor supervisor =
        new Supervisor(management.client(), vhost, roles, Map.of(), logs, Clock.systemUTC());
    Map<String, Integer> shown = new HashMap<>();
    supervisor.onTick(
        tick -> {
          Integer before = shown.put(tick.hint().service(), tick.hint().desiredReplicas());
          if (!tick.actions().isEmpty()
              || !Integer.valueOf(tick.hint().desiredReplicas()).equals(before)) {
            out.printf(
                "%s %s: %d replica(s), %d serving, %d starting, %d draining; %s%s%n",
                LocalTime.now(ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS),
                tick.hint().service(),
                tick.hint().desiredReplicas(),
                tick.serving(),
                tick.starting(),
                tick.draining(),
                tick.actions().isEmpty() ? "" : String.join(", ", tick.actions()) + " — ",
                tick.hint().reason());
            out.flush();
          }
        });
    Undertow gauges = metricsPort == null ? null : serveGauges(supervisor, metricsPort);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .name("warren-autoscale-stop")
                .unstarted(
                    () -> {
                      out.println("autoscale: draining every replica");
                      out.flush();
                      supervisor.close();
                      if (gauges != null) {
                        gauges.stop();
                      }
                      stopped.countDown();
                    }));
    supervisor.start(Duration.ofSeconds(interval));
    stopped.await();
    return 0;
  }

  private static Undertow serveGauges(Supervisor supervisor, int port) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ScalingGauges gauges = new ScalingGauges(registry, supervisor.advisor());
    supervisor.onTick(tick -> gauges.refresh());
    Undertow server =
        Undertow.builder()
            .addHttpListener(port, "127.0.0.1")
            .setHandler(
                exchange -> {
                  exchange
                      .getResponseHeaders()
                      .put(
                          io.undertow.util.Headers.CONTENT_TYPE,
                          "text/plain; version=0.0.4; charset=utf-8");
                  exchange.getResponseSender().send(registry.scrape());
                })
            .build();
    server.start();
    return server;
  }
}
