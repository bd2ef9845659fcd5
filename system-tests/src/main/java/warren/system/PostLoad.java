package warren.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Posts through the API from several threads, each post with a unique text ({@code <run> #<n>}) and
 * its own {@code Idempotency-Key}, and remembers what the API answered: which texts were
 * acknowledged (202) with which id, how long every request took.
 */
final class PostLoad implements AutoCloseable {
  /** One request: when it started (ms since the load started), its status and duration. */
  record Attempt(long startedMillis, int status, long millis) {}

  private final ApiClient api;
  private final List<ApiClient.Session> authors;
  private final String run;
  private final int total;
  private final Duration pause;
  private double perSecond;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
  private final Map<Integer, AtomicInteger> statuses = new ConcurrentSkipListMap<>();
  private final List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
  private final List<Thread> threads = new ArrayList<>();
  private final long startedNanos = System.nanoTime();

  /**
   * Starts {@code threads} threads that send {@code total} posts in all (or until {@link #stop()}),
   * each thread pausing {@code pause} between its posts.
   */
  static PostLoad start(
      ApiClient api,
      List<ApiClient.Session> authors,
      String run,
      int total,
      int threads,
      Duration pause) {
    PostLoad load = new PostLoad(api, authors, run, total, pause);
    for (int i = 0; i < threads; i++) {
      load.threads.add(Thread.ofPlatform().name("post-load-" + i).start(load::send));
    }
    return load;
  }

  /**
   * Like {@link #start}, but post number n is not sent before n / {@code perSecond} seconds after
   * the start, so that faults can be timed against a load of known length.
   */
  static PostLoad startPaced(
      ApiClient api,
      List<ApiClient.Session> authors,
      String run,
      int total,
      int threads,
      double perSecond) {
    PostLoad load = new PostLoad(api, authors, run, total, Duration.ZERO);
    load.perSecond = perSecond;
    for (int i = 0; i < threads; i++) {
      load.threads.add(Thread.ofPlatform().name("post-load-" + i).start(load::send));
    }
    return load;
  }

  private PostLoad(
      ApiClient api, List<ApiClient.Session> authors, String run, int total, Duration pause) {
    this.api = api;
    this.authors = List.copyOf(authors);
    this.run = run;
    this.total = total;
    this.pause = pause;
  }

  private void send() {
    int n;
    while (!stopped.get() && (n = next.getAndIncrement()) < total) {
      if (perSecond > 0) {
        long due = startedNanos + (long) (n * 1e9 / perSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Waiting.pause(Duration.ofNanos(wait));
        }
      }
      String text = text(run, n);
      long started = System.nanoTime();
      ApiClient.Response r = api.post(authors.get(n % authors.size()), text, run + "-" + n);
      attempts.add(
          new Attempt((started - startedNanos) / 1_000_000, r.status(), r.took().toMillis()));
      statuses.computeIfAbsent(r.status(), s -> new AtomicInteger()).incrementAndGet();
      if (r.status() == 202) {
        acknowledged.put(text, r.json().path("id").asText());
      }
      if (!pause.isZero()) {
        Waiting.pause(pause);
      }
    }
  }

  static String text(String run, int n) {
    return run + " #" + n;
  }

  /** Posts sent so far. */
  int sent() {
    return attempts.size();
  }

  /** Texts answered 202, with the id the API gave. */
  Map<String, String> acknowledged() {
    return Map.copyOf(acknowledged);
  }

  /** How many requests got each status (-1: no answer). */
  Map<Integer, Integer> statuses() {
    Map<Integer, Integer> copy = new TreeMap<>();
    statuses.forEach((status, count) -> copy.put(status, count.get()));
    return copy;
  }

  List<Attempt> attempts() {
    synchronized (attempts) {
      return List.copyOf(attempts);
    }
  }

  /** Milliseconds since the load started, on the clock of {@link Attempt#startedMillis()}. */
  long elapsedMillis() {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  void stop() {
    stopped.set(true);
  }

  /** Waits for every thread to finish its last request. */
  void await() throws InterruptedException {
    for (Thread thread : threads) {
      thread.join();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
    await();
  }
}
