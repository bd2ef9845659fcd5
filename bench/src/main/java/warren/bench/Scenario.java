package warren.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * A workload measured side by side: its contenders, the first of which is the baseline the others
 * are compared with, and the numbers of calls in flight it is measured at. {@code rpc} and {@code
 * commands} run everything in this process against a vhost of their own; {@code e2e} will drive the
 * running app instead, with the same runner and the same report.
 */
public interface Scenario extends AutoCloseable {
  /** The name in the table and in latest.json: {@code rpc}, {@code commands}, {@code e2e}. */
  String name();

  /** One line for the table's header: the workload. */
  String description();

  List<Integer> inFlights();

  /**
   * Sets up every contender on the given broker; the first one is the baseline. A contender that
   * fails to set up closes what it opened and throws.
   */
  List<Contender> open(BenchBroker broker) throws Exception;

  /** Objects added to latest.json besides the rows (e2e: the services' memory). */
  default List<Map<String, Object>> extraResults() {
    return List.of();
  }

  /** Goals measured by the scenario itself rather than read from the rows. */
  default List<Goals.Result> goals() {
    return List.of();
  }

  /** Prints what the table does not hold, after it. */
  default void printExtras(PrintWriter out) {}

  /** Releases what {@link #open} set up besides the contenders (e2e: the running app). */
  @Override
  default void close() {}
}
