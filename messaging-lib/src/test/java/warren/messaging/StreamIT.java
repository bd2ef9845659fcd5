package warren.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static warren.messaging.Fixtures.COUNT;
import static warren.testkit.Conditions.waitUntil;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.messaging.Fixtures.Echo;
import warren.messaging.Fixtures.Echoed;
import warren.testkit.IsolatedVhost;

class StreamIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();

  private Warren server;
  private Warren client;

  @BeforeEach
  void connect() {
    server = Fixtures.connect(broker, "test");
    client = Fixtures.connect(broker, "caller");
  }

  @AfterEach
  void close() {
    client.close();
    server.close();
  }

  @Test
  void a_stream_delivers_every_item_in_order_then_ends() {
    server.serveStream(
        COUNT,
        (req, sink, ctx) -> {
          for (int i = 0; i < Integer.parseInt(req.text()); i++) {
            sink.emit(new Echoed(Integer.toString(i), ""));
          }
        });

    List<String> items = new ArrayList<>();
    try (ReplyStream<Echoed> stream = client.stream(COUNT, new Echo("50"))) {
      stream.forEachRemaining(e -> items.add(e.text()));
    }

    assertEquals(50, items.size());
    assertEquals("0", items.get(0));
    assertEquals("49", items.get(49));
  }

  @Test
  void an_error_ends_the_stream_with_the_remote_failure_after_the_items_before_it() {
    server.serveStream(
        COUNT,
        (req, sink, ctx) -> {
          sink.emit(new Echoed("first", ""));
          throw new ServiceError("invalid_query", "no such words");
        });

    ReplyStream<Echoed> stream = client.stream(COUNT, new Echo("x"));

    assertEquals("first", stream.next().text());
    RemoteException e = assertThrows(RemoteException.class, stream::hasNext);
    assertEquals("invalid_query", e.code());
  }

  @Test
  void cancelling_mid_stream_stops_the_producer() {
    AtomicInteger produced = new AtomicInteger();
    AtomicBoolean stoppedByCancel = new AtomicBoolean();
    server.serveStream(
        COUNT,
        (req, sink, ctx) -> {
          try {
            for (int i = 0; i < 100_000; i++) {
              sink.emit(new Echoed(Integer.toString(i), ""));
              produced.incrementAndGet();
              Thread.sleep(2);
            }
          } catch (StreamCancelledException e) {
            stoppedByCancel.set(true);
            throw e;
          }
        });

    ReplyStream<Echoed> stream = client.stream(COUNT, new Echo("x"), Duration.ofSeconds(30));
    for (int i = 0; i < 5; i++) {
      stream.next();
    }
    stream.cancel();

    assertFalse(stream.hasNext(), "a cancelled stream has no more items for its caller");
    waitUntil(Duration.ofSeconds(5), stoppedByCancel::get, "producer to notice the cancel");
    assertTrue(produced.get() < 5_000, "producer ran on for " + produced.get() + " items");
  }

  @Test
  void a_stream_that_outlives_its_deadline_fails_with_DeadlineExceeded() {
    server.serveStream(
        COUNT,
        (req, sink, ctx) -> {
          sink.emit(new Echoed("one", ""));
          Thread.sleep(2_000);
        });

    ReplyStream<Echoed> stream = client.stream(COUNT, new Echo("x"), Duration.ofMillis(500));

    assertEquals("one", stream.next().text());
    assertThrows(DeadlineExceededException.class, stream::hasNext);
  }
}
