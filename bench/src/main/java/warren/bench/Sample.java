package warren.bench;

/**
 * What one timed run of one contender measured.
 *
 * @param calls calls (or confirmed sends) completed successfully
 * @param errors calls that failed; a contender with errors is reported, not trusted
 * @param throughput successful calls per second over the run
 * @param p50Ms median latency in milliseconds
 * @param p99Ms 99th percentile latency in milliseconds
 * @param cpuMicrosPerCall CPU time this process spent per successful call, in microseconds: both
 *     ends of the contender run here and only one contender runs at a time, so this is what it
 *     costs on the client and the server side together, broker excluded; less noisy than the
 *     throughput on a shared machine
 * @param brokerMicrosPerCall CPU time of the local broker per call, in microseconds (other
 *     sessions' traffic included), or NaN when the broker is not a local process
 */
public record Sample(
    long calls,
    long errors,
    double throughput,
    double p50Ms,
    double p99Ms,
    double cpuMicrosPerCall,
    double brokerMicrosPerCall) {}
