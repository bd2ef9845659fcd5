package warren.bench;

/**
 * One line of the table and one object of {@code latest.json}: a contender at one number of calls
 * in flight, medians over the rounds.
 *
 * @param throughput calls per second
 * @param ratioToBaseline throughput over the scenario's baseline at the same in-flight count: the
 *     median over the rounds of the two measured in the same round
 * @param p50Ratio p50 over the baseline's p50, the same way (printed, not in the JSON)
 * @param p99Ratio p99 over the baseline's p99, the same way (printed, not in the JSON)
 * @param cpuMicrosPerCall median CPU time of this process per call (printed, not in the JSON)
 * @param errors failed calls over all rounds (printed only when not zero)
 */
public record Row(
    String scenario,
    String contender,
    int inFlight,
    double throughput,
    double p50Ms,
    double p99Ms,
    double ratioToBaseline,
    double p50Ratio,
    double p99Ratio,
    double cpuMicrosPerCall,
    long errors) {}
