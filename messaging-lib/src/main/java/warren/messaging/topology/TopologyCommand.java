package warren.messaging.topology;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import warren.messaging.management.ManagementClient;
import warren.messaging.management.ManagementOptions;

/**
 * {@code warren topology apply|check}: puts the definitions file on the broker, or says how the
 * broker differs from it. Exit codes: 0 done or in sync, 1 drift found ({@code check}), 2 error.
 *
 * <pre>
 * warren topology apply --file rabbit-definitions.json
 * warren topology check --mgmt-uri http://rabbit:15672 --user admin --password secret
 * </pre>
 */
@Command(
    name = "topology",
    description = "Apply rabbit-definitions.json to the broker, or check the broker against it.",
    mixinStandardHelpOptions = true,
    subcommands = {TopologyCommand.Apply.class, TopologyCommand.Check.class})
public final class TopologyCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The options both subcommands share: which file, which vhost, which broker. */
  static final class Target {
    @Mixin ManagementOptions management;

    @Option(
        names = "--file",
        paramLabel = "FILE",
        description =
            "Definitions file (default: ./"
                + Definitions.FILE_NAME
                + " if present, else the copy bundled with Warren).")
    Path file;

    @Option(
        names = "--vhost",
        paramLabel = "VHOST",
        description = "Apply or check into this vhost instead of the file's own.")
    String vhost;

    @Option(
        names = "--rpc-queues",
        paramLabel = "TYPE",
        defaultValue = "${env:WARREN_RPC_QUEUES:-classic}",
        description =
            "classic (one broker) or quorum (a cluster: RPC queues survive the loss of a node,"
                + " at about 3x the latency). Default: $WARREN_RPC_QUEUES, else classic.")
    RpcQueueType rpcQueues;

    Definitions definitions(PrintWriter out) {
      Definitions read = read(out);
      if (rpcQueues != RpcQueueType.CLASSIC) {
        out.println("RPC queues as " + rpcQueues.brokerName() + " queues");
      }
      return read.withRpcQueues(rpcQueues);
    }

    private Definitions read(PrintWriter out) {
      Path local = Path.of(Definitions.FILE_NAME);
      if (file == null && !Files.exists(local)) {
        out.println("using the " + Definitions.FILE_NAME + " bundled with Warren");
        return Definitions.bundled();
      }
      Path chosen = file == null ? local : file;
      out.println("using " + chosen.toAbsolutePath());
      return Definitions.read(chosen);
    }

    String vhostOf(Definitions definitions) {
      return vhost == null ? definitions.vhost() : vhost;
    }
  }

  /** {@code warren topology apply}: creates what is missing, never deletes. */
  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description =
          "Create what the broker lacks (vhost, users, permissions, exchanges, queues,"
              + " bindings, policies). Never deletes anything.")
  static final class Apply implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;

    @Option(
        names = "--refuse-if-in-use",
        description =
            "Change nothing and exit 2 when the vhost's queues already have consumers: another"
                + " system runs on it (./warren up asks this, so that two systems never share,"
                + " and take each other's messages from, one vhost).")
    boolean refuseIfInUse;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Definitions definitions = target.definitions(out);
      String vhost = target.vhostOf(definitions);
      ManagementClient mgmt = target.management.client();
      if (refuseIfInUse) {
        VhostInUse.refuseIfInUse(mgmt, definitions, vhost);
      }
      List<String> changes = new TopologyApplier(mgmt).apply(definitions, vhost);
      changes.forEach(change -> out.println("  " + change));
      out.println(
          changes.isEmpty()
              ? "vhost " + vhost + " already matched the file; nothing changed"
              : "applied: " + changes.size() + " change(s) on vhost " + vhost);
      return 0;
    }
  }

  /** {@code warren topology check}: lists drift; exit 1 when there is some. */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = "Compare the broker with the file. Exit 0 in sync, 1 drift, 2 error.")
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Definitions definitions = target.definitions(out);
      String vhost = target.vhostOf(definitions);
      List<String> findings =
          new TopologyDrift(target.management.client()).check(definitions, vhost);
      if (findings.isEmpty()) {
        out.println("vhost " + vhost + " is in sync with the file");
        return 0;
      }
      findings.forEach(finding -> out.println("  " + finding));
      out.println(
          findings.size()
              + " difference(s) between vhost "
              + vhost
              + " and the file: run 'warren topology apply' (it never deletes; extra bindings and"
              + " differing queues need a manual fix)");
      return 1;
    }
  }
}
