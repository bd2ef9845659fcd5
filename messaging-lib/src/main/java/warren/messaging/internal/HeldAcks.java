package warren.messaging.internal;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles one consumer channel's deliveries, holding acks back a little and sending one multiple
 * ack for several. Thread-safe.
 *
 * <p>Why: each ack was a socket write here and a frame the broker routes to the queue, and at 64
 * RPCs in flight the broker and the socket writes are the limit. In alternating bench runs, one ack
 * per delivery gave 0.73-0.84x raw amqp-client's calls per second and held acks 0.83-0.90x.
 *
 * <p>What it costs: a processed delivery stays unacked until a quarter of the channel's prefetch is
 * held or {@link #HOLD} has passed since the first held one, whichever comes first, so the broker
 * never runs out of prefetch waiting for acks. A process that dies in between gets those deliveries
 * again, as it would any delivery it died handling: delivery is at least once either way. A drain
 * sends the held acks before it closes the channel.
 *
 * <p>A multiple ack settles every earlier delivery of the channel, so it is only sent while all of
 * them were settled: a requeue first sends the acks held before it, and a delivery left unsettled
 * (its processing failed with the channel) turns holding off for the rest of that channel's life.
 */
final class HeldAcks {
  private static final Logger log = LoggerFactory.getLogger(HeldAcks.class);

  /** Longest an ack is held: long enough that under load the count, not the timer, sends it. */
  static final Duration HOLD = Duration.ofMillis(10);

  private static final int MOST_HELD = 16;

  private final String queue;
  private final InHand inHand;
  private final ScheduledExecutorService ackTimer;
  private final int mostHeld;
  private Channel channel;
  private long lastTag;
  private int held;
  private boolean flushScheduled;
  private Channel unsettledOn;

  /**
   * @param prefetch the channel's prefetch: at most a quarter of it is held back (at most 16), and
   *     nothing when that is 1
   * @param ackTimer sends held acks when {@link #HOLD} has passed
   */
  HeldAcks(String queue, InHand inHand, int prefetch, ScheduledExecutorService ackTimer) {
    this.queue = queue;
    this.inHand = inHand;
    this.ackTimer = ackTimer;
    this.mostHeld = Math.min(MOST_HELD, Math.max(1, prefetch / 4));
  }

  /** Settles a processed delivery as the processor said; counts it settled in {@link InHand}. */
  synchronized void settle(Channel ch, long tag, Processor.Settle settle) {
    if (ch != channel) {
      flush();
      channel = ch;
    }
    if (settle == Processor.Settle.REQUEUE) {
      flush();
      try {
        settle.on(ch, tag);
      } catch (IOException | RuntimeException e) {
        log.warn("could not requeue a message of {}: {}", queue, e.toString());
      } finally {
        inHand.settled(1);
      }
      return;
    }
    lastTag = tag;
    held++;
    if (held >= mostHeld || ch == unsettledOn) {
      flush();
    } else if (!flushScheduled) {
      try {
        ackTimer.schedule(this::holdPassed, HOLD.toNanos(), TimeUnit.NANOSECONDS);
        flushScheduled = true;
      } catch (RejectedExecutionException e) {
        flush(); // shutting down: nothing would send them later
      }
    }
  }

  /**
   * A delivery of {@code ch} was left unsettled: sends the acks held before it, and acks the rest
   * of the channel one by one, since a multiple ack would settle it too.
   */
  synchronized void leftUnsettled(Channel ch) {
    flush();
    unsettledOn = ch;
  }

  /** Sends the held acks now. */
  synchronized void flush() {
    if (held == 0) {
      return;
    }
    int count = held;
    held = 0;
    try {
      channel.basicAck(lastTag, count > 1);
    } catch (IOException | RuntimeException e) {
      // The channel is gone; the broker delivers the messages again.
      log.warn("could not ack {} messages of {}: {}", count, queue, e.toString());
    } finally {
      inHand.settled(count);
    }
  }

  private synchronized void holdPassed() {
    flushScheduled = false;
    flush();
  }
}
