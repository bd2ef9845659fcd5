package warren.messaging.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import warren.messaging.topology.Definitions;

/**
 * {@code warren graph [--dot|--json]}: who talks to whom, as text, Graphviz DOT or the JSON of
 * {@code GET /api/v1/ops/graph}. See {@link ServiceGraph} for how it is drawn.
 *
 * <pre>
 * warren graph
 * warren graph --dot | dot -Tsvg &gt; graph.svg
 * </pre>
 */
@Command(
    name = "graph",
    mixinStandardHelpOptions = true,
    description = "The service graph: who talks to whom, by which pattern, at what rate.")
public final class GraphCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin OpsOptions options;

  @Option(names = "--dot", description = "Graphviz DOT instead of text.")
  boolean dot;

  @Option(names = "--json", description = "The JSON of GET /api/v1/ops/graph instead of text.")
  boolean json;

  @Option(
      names = "--file",
      paramLabel = "FILE",
      description =
          "Definitions file (default: ./rabbit-definitions.json if present, else the bundled one).")
  Path file;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path local = Path.of(Definitions.FILE_NAME);
    Definitions definitions =
        file != null
            ? Definitions.read(file)
            : Files.exists(local) ? Definitions.read(local) : Definitions.bundled();
    ServiceGraph graph =
        ServiceGraph.of(
            definitions, options.managementClient(), DeadLetters.vhostOf(options.amqpUri));
    if (json) {
      out.println(new ObjectMapper().writeValueAsString(graph));
    } else {
      out.print(dot ? graph.toDot() : graph.toText());
    }
    out.flush();
    return 0;
  }
}
