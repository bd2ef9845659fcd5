package warren.messaging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class InHandTest {
  private final InHand inHand = new InHand();
  private final AtomicBoolean interrupted = new AtomicBoolean();

  @Test
  void a_drain_returns_once_the_last_message_in_hand_is_settled() throws Exception {
    inHand.received();
    Thread handler = handlerFor(200);

    boolean settled = inHand.awaitSettled(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));

    assertTrue(settled);
    assertEquals(0, inHand.count());
    handler.join();
    assertFalse(interrupted.get());
  }

  @Test
  void a_drain_out_of_time_interrupts_the_handlers_still_running() throws Exception {
    inHand.received();
    Thread handler = handlerFor(60_000);

    boolean settled = inHand.awaitSettled(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100));

    assertFalse(settled);
    handler.join(10_000);
    assertTrue(interrupted.get(), "the handler was interrupted");
    assertEquals(0, inHand.count());
  }

  @Test
  void with_nothing_in_hand_a_drain_returns_at_once() {
    assertTrue(inHand.awaitSettled(System.nanoTime()));
  }

  /**
   * A handler thread that works {@code millis} (or until interrupted), then settles its message.
   */
  private Thread handlerFor(long millis) throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    Thread handler =
        Thread.ofPlatform()
            .start(
                () -> {
                  inHand.handling();
                  started.countDown();
                  try {
                    Thread.sleep(millis);
                  } catch (InterruptedException e) {
                    interrupted.set(true);
                  } finally {
                    inHand.handled();
                    inHand.settled(1);
                  }
                });
    started.await();
    return handler;
  }
}
