package warren.system;

import java.util.List;

/**
 * One drill's figures, as printed, written to {@code target/drills.json} and to {@code
 * docs/drills.md}.
 *
 * @param drill its name ({@code worker-crash})
 * @param sent requests the drill sent (posts, messages or hostile requests)
 * @param acknowledged of those, the ones the system accepted (202 for posts, a confirm for
 *     messages, any non-5xx answer for hostile requests)
 * @param stored acknowledged posts found in the database afterwards (messages in a dead-letter
 *     queue, for the poison drill)
 * @param lost acknowledged but not found afterwards
 * @param duplicated found more than once (extra copies)
 * @param recoverySeconds from the end of the fault to every process ready again (the longest, for
 *     repeated faults); 0 when nothing had to recover
 * @param passed every check held
 * @param checks what was checked, each line starting with {@code ok} or {@code FAILED}
 * @param durationSeconds how long the drill ran
 */
public record DrillResult(
    String drill,
    long sent,
    long acknowledged,
    long stored,
    long lost,
    long duplicated,
    double recoverySeconds,
    boolean passed,
    List<String> checks,
    double durationSeconds) {

  public DrillResult {
    checks = List.copyOf(checks);
  }
}
