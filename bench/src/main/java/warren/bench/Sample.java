package warren.bench;

/**
 * What one timed run of one contender measured.
 *
 * @param calls calls (or confirmed sends) completed successfully
 * @param errors calls that failed; a contender with errors is reported, not trusted
 * @param throughput successful calls per second over the run
 * @param p50Ms median latency in milliseconds
 * @param p99Ms 99th percentile latency in milliseconds
 */
public record Sample(long calls, long errors, double throughput, double p50Ms, double p99Ms) {}
