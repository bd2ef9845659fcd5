package warren.messaging.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code warren dlq list|show|groups|replay|discard|export}: the dead-letter queues from the
 * terminal, through {@link DeadLetters}. An unknown queue, id or group exits 2 with a message that
 * says what exists; nothing is changed then.
 *
 * <pre>
 * warren dlq list
 * warren dlq show store.create-post.dlq
 * warren dlq replay store.create-post.dlq --group java.lang.IllegalStateException@store.create-post
 * warren dlq replay store.create-post.dlq --all --dry-run
 * warren dlq discard store.create-post.dlq --id 1f0c... --yes
 * warren dlq export store.create-post.dlq &gt; fixtures.jsonl
 * </pre>
 */
@Command(
    name = "dlq",
    mixinStandardHelpOptions = true,
    description = "Dead-letter queues: list, show, group, replay, discard, export.",
    subcommands = {
      DlqCommand.ListQueues.class,
      DlqCommand.Show.class,
      DlqCommand.Groups.class,
      DlqCommand.Replay.class,
      DlqCommand.Discard.class,
      DlqCommand.Export.class
    })
public final class DlqCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Which messages: {@code --id} (repeatable), {@code --group} or {@code --all}, exactly one. */
  static final class Which {
    @Option(
        names = "--id",
        paramLabel = "ID",
        split = ",",
        required = true,
        description = "Message id (repeat or separate with commas).")
    List<String> ids;

    @Option(
        names = "--group",
        paramLabel = "GROUP",
        required = true,
        description = "A failure group, as 'warren dlq groups' shows it.")
    String group;

    @Option(names = "--all", required = true, description = "Every message in the queue.")
    boolean all;

    Selection selection() {
      if (ids != null) {
        return Selection.ids(ids);
      }
      return group != null ? Selection.group(group) : Selection.all();
    }
  }

  /** {@code warren dlq list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "Dead-letter queues.")
  static final class ListQueues implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin OpsOptions options;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (DeadLetters dlq = options.deadLetters()) {
        List<DeadLetterQueue> queues = dlq.queues();
        if (queues.isEmpty()) {
          out.println("no dead-letter queues in vhost " + dlq.vhost());
        }
        queues.forEach(q -> out.printf("%8d  %s%n", q.count(), q.queue()));
      }
      return 0;
    }
  }

  /** {@code warren dlq show <queue>}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Messages of a dead-letter queue, oldest first; removes nothing.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin OpsOptions options;

    @Parameters(paramLabel = "QUEUE", description = "The dead-letter queue (<queue>.dlq).")
    String queue;

    @Option(
        names = "--limit",
        defaultValue = "100",
        description = "Show at most this many (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "One JSON object per line, headers and body included.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      try (DeadLetters dlq = options.deadLetters()) {
        List<DeadLetter> letters = dlq.read(queue, limit);
        ObjectMapper mapper = new ObjectMapper();
        for (DeadLetter l : letters) {
          if (json) {
            out.println(mapper.writeValueAsString(l));
            continue;
          }
          out.printf(
              "%s  %s  attempts=%d  first-dead=%s  -> %s/%s%n    %s%n    body: %s%n",
              l.id(),
              l.reason(),
              l.attempts(),
              l.firstDeadAt(),
              l.originalExchange().isEmpty() ? "(default)" : l.originalExchange(),
              l.originalRoutingKey(),
              l.error() == null
                  ? "(no error recorded)"
                  : l.error().errorClass() + ": " + l.error().message(),
              abbreviate(l.body()));
        }
        if (!json) {
          out.println(letters.size() + " message(s) in " + queue + " (nothing was removed)");
        }
      }
      return 0;
    }
  }

  /** {@code warren dlq groups <queue>}. */
  @Command(
      name = "groups",
      mixinStandardHelpOptions = true,
      description = "Failures grouped by error class and endpoint.")
  static final class Groups implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin OpsOptions options;

    @Parameters(paramLabel = "QUEUE")
    String queue;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (DeadLetters dlq = options.deadLetters()) {
        for (DeadLetterGroup g : dlq.groups(queue)) {
          out.printf(
              "%6d  %s  (first %s, last %s)%n", g.count(), g.group(), g.firstSeen(), g.lastSeen());
        }
      }
      return 0;
    }
  }

  /** {@code warren dlq replay <queue> --id ...|--group ...|--all [--dry-run]}. */
  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description =
          "Send messages back to where they were going; each leaves the dead-letter queue only"
              + " after the broker confirmed its copy.")
  static final class Replay implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin OpsOptions options;

    @Parameters(paramLabel = "QUEUE")
    String queue;

    @ArgGroup(multiplicity = "1")
    Which which;

    @Option(names = "--dry-run", description = "Show what would go where; move nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (DeadLetters dlq = options.deadLetters()) {
        ReplayResult result = dlq.replay(queue, which.selection(), dryRun);
        if (dryRun) {
          result
              .plan()
              .forEach(
                  p ->
                      out.printf(
                          "%s -> exchange '%s' key '%s'%n", p.id(), p.exchange(), p.routingKey()));
          out.println("dry run: " + result.plan().size() + " message(s) would be replayed");
        } else {
          out.println("replayed " + result.replayed() + " message(s) from " + queue);
        }
      }
      return 0;
    }
  }

  /** {@code warren dlq discard <queue> --id ...|--group ...|--all [--yes]}. */
  @Command(
      name = "discard",
      mixinStandardHelpOptions = true,
      description = "Remove messages for good. Without --yes, only says what it would remove.")
  static final class Discard implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin OpsOptions options;

    @Parameters(paramLabel = "QUEUE")
    String queue;

    @ArgGroup(multiplicity = "1")
    Which which;

    @Option(names = "--yes", description = "Really discard.")
    boolean yes;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (DeadLetters dlq = options.deadLetters()) {
        Selection selection = which.selection();
        if (!yes) {
          // The dry run of a replay selects exactly as a discard does, unknown ids failing alike.
          int n = dlq.replay(queue, selection, true).plan().size();
          out.println(
              n + " message(s) of " + queue + " would be discarded: run again with --yes to do it");
          return 1;
        }
        out.println("discarded " + dlq.discard(queue, selection).discarded() + " message(s)");
      }
      return 0;
    }
  }

  /** {@code warren dlq export <queue>}: JSON lines on stdout. */
  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Every message as one JSON object per line (headers and body); removes nothing.")
  static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin OpsOptions options;

    @Parameters(paramLabel = "QUEUE")
    String queue;

    @Override
    public Integer call() {
      try (DeadLetters dlq = options.deadLetters()) {
        PrintWriter out = spec.commandLine().getOut();
        out.flush();
        dlq.export(queue, new WriterStream(out));
      }
      return 0;
    }
  }

  private static String abbreviate(String body) {
    String line = body.replace('\n', ' ');
    return line.length() <= 200 ? line : line.substring(0, 200) + "... (" + line.length() + ")";
  }

  /** Lets the export write through the command's writer, so tests capture it like other output. */
  private static final class WriterStream extends OutputStream {
    private final PrintWriter out;
    private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

    WriterStream(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void write(int b) {
      line.write(b);
      if (b == '\n') {
        out.print(line.toString(java.nio.charset.StandardCharsets.UTF_8));
        line.reset();
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      for (int i = off; i < off + len; i++) {
        write(b[i]);
      }
    }

    @Override
    public void flush() {
      out.flush();
    }
  }
}
