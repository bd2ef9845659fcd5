package warren.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static warren.messaging.Fixtures.ECHO;
import static warren.messaging.Fixtures.JOBS;
import static warren.testkit.Conditions.waitUntil;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.messaging.Fixtures.Echo;
import warren.messaging.Fixtures.Echoed;
import warren.messaging.Fixtures.Job;
import warren.testkit.IsolatedVhost;

class RecoveryIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();

  @Test
  void calls_fail_fast_while_the_connection_is_down_then_work_again_after_recovery() {
    try (Warren server = Fixtures.connect(broker, "test");
        Warren client = Fixtures.connect(broker, "caller")) {
      server.serve(ECHO, (req, ctx) -> new Echoed(req.text(), ""));
      assertEquals("before", client.call(ECHO, new Echo("before")).text());

      broker.closeConnections();
      waitUntil(Duration.ofSeconds(5), () -> !client.health().ready(), "the client to notice");

      int unavailable = 0;
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (true) {
        long start = System.nanoTime();
        try {
          assertEquals("after", client.call(ECHO, new Echo("after"), Duration.ofSeconds(5)).text());
          break;
        } catch (BrokerUnavailableException e) {
          unavailable++;
          long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          assertTrue(ms < 1_000, "failing took " + ms + " ms; it must not wait for the deadline");
        } catch (DeadlineExceededException e) {
          // the request went out just before the server's consumer was back; try again
        }
        if (System.nanoTime() > end) {
          fail("no recovery within 20 s");
        }
        sleep(50);
      }
      assertTrue(unavailable > 0, "the outage must have been seen as BrokerUnavailable");
      assertTrue(client.health().ready());
    }
  }

  @Test
  void consumers_resume_after_the_broker_closed_their_connection() {
    List<Job> seen = new CopyOnWriteArrayList<>();
    try (Warren worker = Fixtures.connect(broker, "test");
        Warren sender = Fixtures.connect(broker, "sender")) {
      worker.consume(JOBS, (job, ctx) -> seen.add(job));

      broker.closeConnections();
      waitUntil(
          Duration.ofSeconds(20),
          () -> worker.health().ready() && sender.health().ready(),
          "both to reconnect");
      sender.send(JOBS, new Job("2", "after"));

      waitUntil(Duration.ofSeconds(10), () -> seen.size() == 1, "the consumer to resume");
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
