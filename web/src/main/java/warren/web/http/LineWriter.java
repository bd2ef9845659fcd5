package warren.web.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Hands lines to a sink on a thread of its own, so request threads do not queue on the sink's lock:
 * the access log's logger writes each line to standard error under one lock, and when whatever
 * reads that pipe falls behind (a busy machine), each of web's 64 worker threads waited there for
 * tens of milliseconds after its response (a JFR recording of the e2e bench: 407 contended entries,
 * 66 ms on average, up to 345 ms). Lines keep their order. When {@value #CAPACITY} lines are
 * waiting, callers wait too (nothing is dropped). {@link #close} writes what is left.
 */
public final class LineWriter implements Consumer<String>, AutoCloseable {
  static final int CAPACITY = 10_000;

  /**
   * How long the writer rests after writing what was waiting. Without the rest it slept in {@code
   * take} and every request woke it: a thread switch per request, 8 % of web's CPU in the e2e
   * timeline rounds (async-profiler). Resting, it wakes at most 50 times a second and writes the
   * lines gathered meanwhile; a line waits about this long, plus the writing of the batch before
   * it.
   */
  static final Duration REST = Duration.ofMillis(20);

  /** Put by {@link #close}; compared by identity, so no real line can stand for it. */
  private static final String END = new String("end of lines");

  private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(CAPACITY);
  private final Consumer<String> sink;
  private final Thread writer;

  /** Starts the writer thread, named {@code name}. */
  public LineWriter(String name, Consumer<String> sink) {
    this.sink = sink;
    this.writer = Thread.ofPlatform().daemon().name(name).start(this::writeUntilClosed);
  }

  @Override
  public void accept(String line) {
    try {
      lines.put(line);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      sink.accept(line);
    }
  }

  /**
   * Only {@link #close} ends the writer. An interrupt cuts a rest short and nothing more: a writer
   * gone on an interrupt would leave its lines unwritten, and request threads waiting forever on a
   * full queue.
   */
  private void writeUntilClosed() {
    List<String> batch = new ArrayList<>();
    while (true) {
      try {
        batch.add(lines.take());
      } catch (InterruptedException e) {
        continue;
      }
      lines.drainTo(batch);
      for (String line : batch) {
        if (line == END) {
          return;
        }
        sink.accept(line);
      }
      batch.clear();
      try {
        Thread.sleep(REST);
      } catch (InterruptedException e) {
        // written already; the next batch goes out at once
      }
    }
  }

  /** Writes the lines given so far, then stops the thread. */
  @Override
  public void close() {
    accept(END);
    try {
      writer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
