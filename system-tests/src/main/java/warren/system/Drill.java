package warren.system;

/**
 * One failure drill: makes a fault happen for real against the running system, measures what
 * happened to the traffic, and checks the promises it makes.
 */
interface Drill {
  /** The name used on the command line: {@code ./warren drill <name>}. */
  String name();

  /** One sentence: the fault and the promise. */
  String description();

  /**
   * Runs the drill. Figures go into {@code figures}, checks into {@code checks}; an exception is
   * recorded as a failed check by the suite. Must restore whatever it broke before returning.
   */
  void run(DrillContext context, Figures figures, Checks checks) throws Exception;

  /** The figures a drill reports; the suite turns them into a {@link DrillResult}. */
  final class Figures {
    long sent;
    long acknowledged;
    long stored;
    long lost;
    long duplicated;
    double recoverySeconds;
  }
}
