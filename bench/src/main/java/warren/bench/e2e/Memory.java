package warren.bench.e2e;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Samples the resident memory (VmRSS) of each service JVM once a second while the scenario runs,
 * keeping each one's peak and the peak of their sum (the figure the goal is about).
 */
final class Memory implements AutoCloseable {
  private final Map<String, Long> pids;
  private final Map<String, Double> peaks = new LinkedHashMap<>();
  private double peakTotal;
  private final Thread sampler;
  private volatile boolean running = true;

  Memory(Map<String, Long> pids) {
    this.pids = Map.copyOf(pids);
    sampler = Thread.ofPlatform().daemon().name("rss-sampler").start(this::loop);
  }

  private void loop() {
    while (running) {
      sample();
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private synchronized void sample() {
    double total = 0;
    for (String label : WarrenUp.SERVICES) {
      Long pid = pids.get(label);
      double rss = pid == null ? Double.NaN : WarrenUp.rssMiB(pid);
      if (!Double.isNaN(rss)) {
        peaks.merge(label, rss, Math::max);
        total += rss;
      }
    }
    peakTotal = Math.max(peakTotal, total);
  }

  /** Peak RSS in MiB per service label, in the order web, auth, store, notify. */
  synchronized Map<String, Double> peaks() {
    return new LinkedHashMap<>(peaks);
  }

  /** The highest sum of the four RSS figures seen in one sample, in MiB. */
  synchronized double peakTotal() {
    return peakTotal;
  }

  @Override
  public void close() throws InterruptedException {
    sample();
    running = false;
    sampler.interrupt();
    sampler.join(2000);
  }
}
