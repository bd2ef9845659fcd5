package warren.messaging.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import warren.messaging.WarrenException;
import warren.messaging.scaling.AutoscaleCommand;
import warren.messaging.scaling.ScaleCommand;
import warren.messaging.topology.TopologyCommand;

/**
 * The {@code warren} command line for operators. Each feature brings its own subcommand class from
 * its own package ({@code topology}; {@code dlq} and {@code graph} from {@code ops}; {@code scale}
 * later); this class only lists them in {@link #SUBCOMMANDS} and turns failures into exit codes.
 *
 * <p>Exit codes: 0 success, 1 the command found something wrong (for example topology drift), 2 an
 * error (bad usage, broker unreachable, invalid file), printed as one line that says what to do,
 * without a stack trace.
 */
@Command(
    name = "warren",
    mixinStandardHelpOptions = true,
    version = "warren 0.1.0",
    description = "Operate a Warren deployment: topology, dead letters, the service graph.")
public final class WarrenTool implements Runnable {
  /** Exit code for an error: bad usage, unreachable broker, unreadable file. */
  public static final int ERROR = 2;

  /** The subcommands, each a picocli command class in its feature's package. */
  static final Class<?>[] SUBCOMMANDS = {
    TopologyCommand.class,
    ScaleCommand.class,
    AutoscaleCommand.class,
    warren.messaging.ops.DlqCommand.class,
    warren.messaging.ops.GraphCommand.class
  };

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(
        commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true))
            .execute(args));
  }

  /** The whole command tree, writing to the given streams; tests run it in process. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine line = new CommandLine(new WarrenTool());
    for (Class<?> subcommand : SUBCOMMANDS) {
      line.addSubcommand(subcommand);
    }
    line.setCaseInsensitiveEnumValuesAllowed(true);
    line.setOut(out);
    line.setErr(err);
    line.setExitCodeExceptionMapper(e -> ERROR);
    line.setExecutionExceptionHandler(printMessage());
    return line;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static IExecutionExceptionHandler printMessage() {
    return (Exception e, CommandLine command, ParseResult parsed) -> {
      PrintWriter err = command.getErr();
      if (e instanceof WarrenException
          || e instanceof IllegalArgumentException
          || e instanceof UncheckedIOException) {
        err.println("error: " + e.getMessage());
      } else {
        err.println("error: unexpected " + e + " (please report it with the stack trace below)");
        e.printStackTrace(err);
      }
      err.flush();
      return ERROR;
    };
  }
}
