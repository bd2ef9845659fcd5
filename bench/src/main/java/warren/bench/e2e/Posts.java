package warren.bench.e2e;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import warren.bench.Contender;
import warren.bench.Load;
import warren.bench.Sample;
import warren.messaging.management.ManagementClient;

/**
 * {@code POST /api/v1/posts} from {@code inFlight} blocking HTTP clients, each request with the
 * token of one of several users in turn (the per-user posting limit is raised for the run anyway).
 * A post counts when web answered 202, which it does after the broker confirmed the command.
 *
 * <p>Sustained means the store queue ({@code store.create-post}) did not grow: its depth is read
 * through the management API before and after each run, and posts the queue gained are taken off
 * the count, so the throughput is what store kept up with. After each run the queue is left to
 * drain before the next contender runs.
 */
final class Posts implements Contender {
  static final String STORE_QUEUE = "store.create-post";
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

  private final Api api;
  private final List<String> tokens;
  private final ManagementClient management;
  private final String vhost;
  private final PrintWriter progress;
  private final AtomicLong sequence = new AtomicLong();

  Posts(
      Api api,
      List<String> tokens,
      ManagementClient management,
      String vhost,
      PrintWriter progress) {
    this.api = api;
    this.tokens = List.copyOf(tokens);
    this.management = management;
    this.vhost = vhost;
    this.progress = progress;
  }

  @Override
  public String name() {
    return "posts";
  }

  @Override
  public Sample run(int inFlight, Duration duration) throws Exception {
    long before = depth();
    Sample s =
        Load.blocking(
            () -> {
              long n = sequence.incrementAndGet();
              api.post(tokens.get((int) (n % tokens.size())), "bench post " + n);
            },
            inFlight,
            duration);
    long grew = Math.max(0, depth() - before);
    if (grew == 0) {
      return s;
    }
    long kept = Math.max(0, s.calls() - grew);
    double elapsed = s.calls() / s.throughput();
    progress.printf(
        "  e2e       posts: %d accepted, store queue grew by %d: counting %d%n",
        s.calls(), grew, kept);
    return new Sample(
        kept,
        s.errors(),
        kept / elapsed,
        s.p50Ms(),
        s.p99Ms(),
        s.cpuMicrosPerCall(),
        s.brokerMicrosPerCall());
  }

  /** Waits for store to take what is left, so the next contender does not run beside it. */
  @Override
  public void afterRun() throws InterruptedException {
    long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    while (depth() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
  }

  /** Ready plus unacknowledged messages of the store queue, as the management API last saw it. */
  long depth() {
    return management
        .queueStats(vhost, STORE_QUEUE)
        .map(q -> q.messagesReady() + q.messagesUnacknowledged())
        .orElseThrow(
            () -> new IllegalStateException("no queue " + STORE_QUEUE + " on vhost " + vhost));
  }

  @Override
  public void close() {}
}
