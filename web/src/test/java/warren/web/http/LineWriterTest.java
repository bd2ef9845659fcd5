package warren.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LineWriterTest {
  @Test
  void every_line_reaches_the_sink_in_order_by_the_time_close_returns() {
    List<String> written = new CopyOnWriteArrayList<>();
    List<String> given = new ArrayList<>();
    try (LineWriter writer = new LineWriter("test-lines", written::add)) {
      for (int i = 0; i < 25_000; i++) {
        given.add("line " + i);
        writer.accept("line " + i);
      }
    }
    assertEquals(given, written);
  }

  @Test
  void the_sink_runs_on_the_writers_thread_not_the_callers() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<String> threads = new CopyOnWriteArrayList<>();
    try (LineWriter writer =
        new LineWriter(
            "test-lines",
            line -> {
              threads.add(Thread.currentThread().getName());
              awaitQuietly(release);
            })) {
      long start = System.nanoTime();
      writer.accept("a"); // the sink blocks on this one...
      writer.accept("b"); // ...and the caller still goes on
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
      release.countDown();
    }
    assertEquals(List.of("test-lines", "test-lines"), threads);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
