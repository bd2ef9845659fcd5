package warren.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import warren.testkit.Conditions;

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

  @Test
  void lines_given_while_the_writer_rests_are_written_by_the_time_close_returns() {
    List<String> written = new CopyOnWriteArrayList<>();
    LineWriter writer = new LineWriter("test-lines", written::add);
    writer.accept("first");
    awaitSize(written, 1); // written, so the writer is resting now
    writer.accept("second");
    writer.accept("third");
    writer.close();
    assertEquals(List.of("first", "second", "third"), written);
  }

  @Test
  void an_interrupted_writer_goes_on_writing_until_closed() {
    List<String> written = new CopyOnWriteArrayList<>();
    try (LineWriter writer = new LineWriter("test-lines-interrupted", written::add)) {
      writer.accept("before");
      awaitSize(written, 1);
      Thread thread =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> t.getName().equals("test-lines-interrupted"))
              .findFirst()
              .orElseThrow();
      thread.interrupt();
      writer.accept("after");
      awaitSize(written, 2);
      assertTrue(thread.isAlive(), "the writer stopped on an interrupt");
    }
    assertEquals(List.of("before", "after"), written);
  }

  private static void awaitSize(List<String> list, int size) {
    Conditions.waitUntil(
        Duration.ofSeconds(10), () -> list.size() >= size, size + " lines written: " + list);
    assertEquals(size, list.size(), "lines written: " + list);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
