package warren.bench;

import java.util.List;

/**
 * A workload measured side by side: its contenders, the first of which is the baseline the others
 * are compared with, and the numbers of calls in flight it is measured at. {@code rpc} and {@code
 * commands} run everything in this process against a vhost of their own; {@code e2e} will drive the
 * running app instead, with the same runner and the same report.
 */
public interface Scenario {
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
}
