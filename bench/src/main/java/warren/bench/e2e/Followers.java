package warren.bench.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@code GET /api/v1/stream} connection per follower, all read by one HTTP client with a small
 * thread pool (line subscribers, no thread per connection). Every {@code post} event's arrival time
 * is kept by post id until {@link #take} collects it.
 */
final class Followers implements AutoCloseable {
  private final ExecutorService executor;
  private final HttpClient http;
  private final List<CompletableFuture<HttpResponse<Void>>> streams = new ArrayList<>();
  private final Map<String, Queue<Long>> arrivals = new ConcurrentHashMap<>();
  private final AtomicInteger open = new AtomicInteger();

  private Followers(int threads) {
    executor =
        Executors.newFixedThreadPool(
            threads, Thread.ofPlatform().daemon().name("sse-", 0).factory());
    http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(executor)
            .build();
  }

  /** Connects one stream per token and waits until every one answered 200. */
  static Followers connect(URI web, List<String> tokens, int threads, Duration timeout)
      throws IOException, InterruptedException {
    Followers f = new Followers(threads);
    try {
      URI uri = web.resolve("/api/v1/stream");
      for (String token : tokens) {
        HttpRequest request =
            HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        f.streams.add(
            f.http.sendAsync(
                request, HttpResponse.BodyHandlers.fromLineSubscriber(f.new Reader())));
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      while (f.open.get() < tokens.size()) {
        for (CompletableFuture<HttpResponse<Void>> s : f.streams) {
          if (s.isCompletedExceptionally()) {
            throw new IOException("a follower's stream failed: " + s.exceptionNow());
          }
        }
        if (System.nanoTime() > deadline) {
          throw new IOException(
              "only " + f.open.get() + " of " + tokens.size() + " streams opened in " + timeout);
        }
        Thread.sleep(100);
      }
      return f;
    } catch (IOException | InterruptedException | RuntimeException e) {
      f.close();
      throw e;
    }
  }

  int size() {
    return streams.size();
  }

  /** Streams that were open and have ended since (the server closed them). */
  int ended() {
    return (int) streams.stream().filter(CompletableFuture::isDone).count();
  }

  /** Waits until {@code n} followers got post {@code id}, or the timeout. */
  void await(String id, int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Queue<Long> got = arrivals.computeIfAbsent(id, k -> new ConcurrentLinkedQueue<>());
    while (got.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
  }

  /** The arrival times (nanoTime) of post {@code id}, forgotten from now on. */
  List<Long> take(String id) {
    Queue<Long> got = arrivals.remove(id);
    return got == null ? List.of() : List.copyOf(got);
  }

  /** Drops arrivals nobody waits for any more (warm-up posts that came late). */
  void forgetAll() {
    arrivals.clear();
  }

  /** Reads one stream's lines: {@code event: post} then {@code data: {...}}. */
  private final class Reader implements Flow.Subscriber<String> {
    private boolean post;

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      open.incrementAndGet();
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      long now = System.nanoTime();
      if (line.startsWith("event:")) {
        post = line.substring(6).strip().equals("post");
      } else if (line.startsWith("data:") && post) {
        String id = idOf(line.substring(5));
        if (id != null) {
          arrivals.computeIfAbsent(id, k -> new ConcurrentLinkedQueue<>()).add(now);
        }
      } else if (line.isEmpty()) {
        post = false;
      }
    }

    @Override
    public void onError(Throwable throwable) {}

    @Override
    public void onComplete() {}
  }

  private static String idOf(String json) {
    try {
      return Api.JSON.readTree(json).path("id").asText(null);
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void close() {
    for (CompletableFuture<HttpResponse<Void>> s : streams) {
      s.cancel(true);
    }
    http.shutdownNow();
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
