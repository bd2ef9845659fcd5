package warren.bench.e2e;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import warren.bench.Contender;
import warren.bench.Sample;

/**
 * One author posts, one post at a time, while every follower holds a stream open: for each post,
 * the time from its 202 to each follower's stream receiving it. An event that arrived before the
 * 202 reached the bench counts as 0 ms. A follower that did not get a post within {@link
 * #DELIVERY_TIMEOUT} counts as an error. Throughput is deliveries per second. The in-flight count
 * of the run does not apply: posts go one at a time, to every follower.
 */
final class PostToStream implements Contender {
  static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(5);

  private final Api api;
  private final String authorToken;
  private final Followers followers;
  private long sequence;

  PostToStream(Api api, String authorToken, Followers followers) {
    this.api = api;
    this.authorToken = authorToken;
    this.followers = followers;
  }

  @Override
  public String name() {
    return "post-to-stream";
  }

  @Override
  public String baseline() {
    return name();
  }

  @Override
  public Sample run(int inFlight, Duration duration) throws Exception {
    Histogram latencies = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    long errors = 0;
    int n = followers.size();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    while (System.nanoTime() < end) {
      String id;
      try {
        id = api.post(authorToken, "stream bench " + (++sequence));
      } catch (Exception e) {
        errors += n;
        continue;
      }
      long accepted = System.nanoTime();
      followers.await(id, n, DELIVERY_TIMEOUT);
      List<Long> arrivals = followers.take(id);
      for (long at : arrivals) {
        latencies.recordValue(
            Math.min(Math.max(0, at - accepted), latencies.getHighestTrackableValue()));
      }
      errors += Math.max(0, n - arrivals.size());
    }
    long elapsed = System.nanoTime() - start;
    long deliveries = latencies.getTotalCount();
    if (followers.ended() > 0) {
      throw new IllegalStateException(
          followers.ended() + " of " + n + " follower streams were closed by web during the run");
    }
    return new Sample(
        deliveries,
        errors,
        deliveries * 1e9 / elapsed,
        latencies.getValueAtPercentile(50) / 1e6,
        latencies.getValueAtPercentile(99) / 1e6,
        Double.NaN,
        Double.NaN);
  }

  @Override
  public void afterRun() {
    followers.forgetAll();
  }

  @Override
  public void close() {
    followers.close();
  }
}
