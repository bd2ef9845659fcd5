package warren.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The two ways the bench drives a contender, so every contender of a calling style is driven by the
 * same code: {@link #pipelined} keeps N asynchronous calls in flight from one issuing thread,
 * {@link #blocking} runs N threads that each make one blocking call after another. Latency is
 * measured from just before the call is issued to its completion, in a histogram that keeps three
 * significant digits.
 */
public final class Load {
  private static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final BrokerCpu BROKER = BrokerCpu.find();

  /** One asynchronous call; the future completes when the reply (or the confirm) arrived. */
  @FunctionalInterface
  public interface AsyncCall {
    CompletableFuture<?> call() throws Exception;
  }

  /** One blocking call; returns when the reply (or the confirm) arrived. */
  @FunctionalInterface
  public interface BlockingCall {
    void call() throws Exception;
  }

  private Load() {}

  /** Keeps {@code inFlight} calls outstanding for {@code duration}, then waits for the rest. */
  public static Sample pipelined(AsyncCall call, int inFlight, Duration duration)
      throws InterruptedException {
    Histogram latencies = new ConcurrentHistogram(MAX_LATENCY_NANOS, 3);
    LongAdder errors = new LongAdder();
    Semaphore slots = new Semaphore(inFlight);
    long cpuStart = processCpuNanos();
    long brokerStart = BROKER.nanos();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    while (System.nanoTime() < end) {
      if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
        continue;
      }
      long issued = System.nanoTime();
      CompletableFuture<?> future;
      try {
        future = call.call();
      } catch (Exception e) {
        errors.increment();
        slots.release();
        continue;
      }
      future.whenComplete(
          (reply, failure) -> {
            if (failure == null) {
              latencies.recordValue(Math.min(System.nanoTime() - issued, MAX_LATENCY_NANOS));
            } else {
              errors.increment();
            }
            slots.release();
          });
    }
    // Calls still in flight at the end count, and so does the time they take to come back.
    if (!slots.tryAcquire(inFlight, 30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(
          (inFlight - slots.availablePermits()) + " calls still unanswered 30 s after the run");
    }
    return sample(
        latencies,
        errors.sum(),
        System.nanoTime() - start,
        processCpuNanos() - cpuStart,
        brokerStart);
  }

  /** Runs {@code threads} platform threads, each calling in a loop for {@code duration}. */
  public static Sample blocking(BlockingCall call, int threads, Duration duration)
      throws InterruptedException {
    Histogram latencies = new ConcurrentHistogram(MAX_LATENCY_NANOS, 3);
    LongAdder errors = new LongAdder();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> callers = new ArrayList<>();
    long cpuStart = processCpuNanos();
    long brokerStart = BROKER.nanos();
    long start = System.nanoTime();
    for (int i = 0; i < threads; i++) {
      callers.add(
          Thread.ofPlatform()
              .name("bench-caller-", i)
              .daemon()
              .start(
                  () -> {
                    while (running.get()) {
                      long issued = System.nanoTime();
                      try {
                        call.call();
                        latencies.recordValue(
                            Math.min(System.nanoTime() - issued, MAX_LATENCY_NANOS));
                      } catch (Exception e) {
                        errors.increment();
                      }
                    }
                  }));
    }
    Thread.sleep(duration.toMillis());
    running.set(false);
    for (Thread caller : callers) {
      caller.join(30_000);
    }
    return sample(
        latencies,
        errors.sum(),
        System.nanoTime() - start,
        processCpuNanos() - cpuStart,
        brokerStart);
  }

  private static Sample sample(
      Histogram latencies, long errors, long elapsedNanos, long cpuNanos, long brokerStart) {
    long calls = latencies.getTotalCount();
    long brokerEnd = BROKER.nanos();
    return new Sample(
        calls,
        errors,
        calls * 1e9 / elapsedNanos,
        latencies.getValueAtPercentile(50) / 1e6,
        latencies.getValueAtPercentile(99) / 1e6,
        calls == 0 ? Double.NaN : cpuNanos / 1e3 / calls,
        calls == 0 || brokerStart < 0 || brokerEnd < 0
            ? Double.NaN
            : (brokerEnd - brokerStart) / 1e3 / calls);
  }

  /** CPU time of this whole process so far (every thread), or 0 where the JVM cannot tell. */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return Math.max(0, os.getProcessCpuTime());
    }
    return 0;
  }
}
