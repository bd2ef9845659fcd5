package warren.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static warren.messaging.Fixtures.JOBS;
import static warren.testkit.Conditions.waitUntil;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.messaging.Fixtures.Job;
import warren.testkit.IsolatedVhost;

class ShutdownIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();

  @Test
  void close_stops_taking_finishes_the_message_in_hand_and_acks_it() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean finished = new AtomicBoolean();
    AtomicInteger handled = new AtomicInteger();
    Warren worker = Fixtures.connect(broker, "test");
    try (Warren sender = Fixtures.connect(broker, "sender")) {
      worker.consume(
          JOBS,
          (job, ctx) -> {
            handled.incrementAndGet();
            started.countDown();
            Thread.sleep(700);
            finished.set(true);
          },
          EndpointOptions.defaults().prefetch(1).concurrency(1));
      sender.send(JOBS, new Job("1", "slow"));
      sender.send(JOBS, new Job("2", "waits"));
      assertTrue(started.await(5, TimeUnit.SECONDS));

      Thread closer = Thread.ofPlatform().start(worker::close);
      waitUntil(Duration.ofSeconds(2), () -> worker.state() != Warren.State.RUNNING);
      assertEquals(false, worker.health().ready(), "draining is not ready");
      closer.join(10_000);

      assertTrue(finished.get(), "the message in hand was finished");
      assertEquals(1, handled.get(), "nothing new was taken while draining");
      waitUntil(
          Duration.ofSeconds(5),
          () -> broker.queueDepth("test.jobs") == 1,
          "the first acked, the second back in the queue for another worker");
    } finally {
      worker.close();
    }
  }
}
