package warren.messaging.scaling;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.net.URI;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import warren.messaging.management.ManagementOptions;

/**
 * {@code warren scale hints [--watch]}: how many replicas each worker role needs and why, from the
 * queues on the broker and the workers' own {@code /metrics}; optionally as JSON (the rows of
 * {@code GET /api/v1/ops/scaling}), as KEDA ScaledObjects, or as a {@code docker compose} line.
 *
 * <pre>
 * warren scale hints
 * warren scale hints --watch --interval 5 --target 30 --max 8
 * warren scale hints --keda &gt; scaledobjects.yaml
 * </pre>
 */
@Command(
    name = "scale",
    description = "Scaling hints for the worker roles, from queue depth and processing time.",
    mixinStandardHelpOptions = true,
    subcommands = {ScaleCommand.Hints.class})
public final class ScaleCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code warren scale hints}. */
  @Command(
      name = "hints",
      mixinStandardHelpOptions = true,
      description =
          "Print each worker role's replica hint with its reason; with --watch, every interval"
              + " (the hint is damped: it falls only after --window seconds).")
  static final class Hints implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ManagementOptions management;
    @Mixin PolicyOptions policy;

    @Option(
        names = "--vhost",
        paramLabel = "VHOST",
        defaultValue = "${env:WARREN_VHOST:-warren}",
        description = "Virtual host of the workers (env WARREN_VHOST, default ${DEFAULT-VALUE}).")
    String vhost;

    @Option(
        names = "--service",
        paramLabel = "SERVICE",
        description = "Only these roles (repeatable; default every role with a worker queue).")
    List<String> services = new ArrayList<>();

    @Option(
        names = "--metrics",
        paramLabel = "SERVICE=URL[,URL...]",
        description =
            "The /metrics URLs of a role's replicas (repeatable). Default: the ports ./warren gives local"
                + " replicas (auth 8181.., store 8281.., notify 8381..).")
    Map<String, String> metrics = new LinkedHashMap<>();

    @Option(names = "--watch", description = "Print the hints again every interval until Ctrl-C.")
    boolean watch;

    @Option(
        names = "--interval",
        paramLabel = "SECONDS",
        defaultValue = "5",
        description = "Seconds between two looks with --watch (default ${DEFAULT-VALUE}).")
    long interval;

    @Option(names = "--times", hidden = true, defaultValue = "0", description = "Stop after N.")
    int times;

    @Option(names = "--json", description = "Print the rows of GET /api/v1/ops/scaling.")
    boolean json;

    @Option(names = "--keda", description = "Also print a KEDA ScaledObject per role.")
    boolean keda;

    @Option(
        names = "--compose",
        description = "Also print the docker compose --scale line for the hints.")
    boolean compose;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      ScalingHints scaling =
          ScalingHints.builder(management.client(), vhost)
              .policy(policy.policy())
              .services(new LinkedHashSet<>(services))
              .metricsOf(this::metricsOf)
              .build();
      for (int round = 1; ; round++) {
        List<ScalingHint> hints = scaling.refresh();
        print(out, hints, scaling.advisor());
        if (!watch || (times > 0 && round >= times)) {
          return 0;
        }
        Thread.sleep(interval * 1000);
      }
    }

    private void print(PrintWriter out, List<ScalingHint> hints, ScalingAdvisor advisor)
        throws Exception {
      if (json) {
        out.println(new ObjectMapper().writeValueAsString(hints));
      } else {
        if (watch) {
          out.println("-- " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS));
        }
        if (hints.isEmpty()) {
          out.println("no worker queues on vhost " + vhost);
        }
        for (ScalingHint h : hints) {
          out.printf(
              Locale.ROOT,
              "%-8s %d replica%s  (%s: depth %s, %d consumers, arriving %s/s, %s ms each)%n"
                  + "         %s%n",
              h.service(),
              h.desiredReplicas(),
              h.desiredReplicas() == 1 ? "" : "s",
              h.queue(),
              DeadlineModel.count(h.depth()),
              h.consumers(),
              DeadlineModel.rate(h.arrivalRate()),
              DeadlineModel.rate(h.processingMs()),
              h.reason());
        }
      }
      if (keda) {
        out.print(AutoscalerExports.kedaScaledObjects(advisor.assessments().values(), vhost));
      }
      if (compose) {
        out.println(AutoscalerExports.composeScale(hints));
      }
      out.flush();
    }

    private List<URI> metricsOf(String service) {
      List<URI> given = new ArrayList<>();
      metrics.forEach(
          (name, urls) -> {
            if (name.equals(service)) {
              for (String url : urls.split(",")) {
                given.add(URI.create(url.strip()));
              }
            }
          });
      return metrics.isEmpty() ? LocalWorkers.metricsOf(service) : given;
    }
  }
}
