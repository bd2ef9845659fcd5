package warren.messaging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class InHandTest {
  @Test
  void a_drain_returns_once_the_last_message_in_hand_is_settled() throws Exception {
    InHand inHand = new InHand();
    inHand.received();
    inHand.received();
    CountDownLatch started = new CountDownLatch(1);
    Thread handler =
        Thread.ofPlatform()
            .start(
                () -> {
                  inHand.handling();
                  started.countDown();
                  sleep(200);
                  inHand.handled();
                  inHand.settled(2);
                });
    started.await();

    boolean settled = inHand.awaitSettled(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));

    assertTrue(settled);
    assertEquals(0, inHand.count());
    handler.join();
  }

  @Test
  void a_drain_out_of_time_interrupts_the_handlers_still_running() throws Exception {
    InHand inHand = new InHand();
    inHand.received();
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    Thread handler =
        Thread.ofPlatform()
            .start(
                () -> {
                  inHand.handling();
                  started.countDown();
                  try {
                    Thread.sleep(60_000);
                  } catch (InterruptedException e) {
                    interrupted.set(true);
                  } finally {
                    inHand.handled();
                    inHand.settled(1);
                  }
                });
    started.await();

    boolean settled = inHand.awaitSettled(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100));

    assertFalse(settled);
    handler.join(10_000);
    assertTrue(interrupted.get(), "the handler was interrupted");
    assertEquals(0, inHand.count());
  }

  @Test
  void with_nothing_in_hand_a_drain_returns_at_once() {
    assertTrue(new InHand().awaitSettled(System.nanoTime()));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
