package warren.messaging.ops;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Return;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import warren.messaging.BrokerUnavailableException;
import warren.messaging.WarrenException;

/**
 * Sends held dead letters back, one at a time: publish the copy (persistent, mandatory) on a
 * channel in confirm mode, wait for the broker's confirm, and only then remove the original. One
 * message in flight at a time keeps a crash's duplicates to at most one, at the cost of speed
 * (about 150 messages a second on a development machine with quorum queues).
 */
final class Republisher {
  private final Connection connection;
  private final Duration confirmTimeout;

  Republisher(Connection connection, Duration confirmTimeout) {
    this.connection = connection;
    this.confirmTimeout = confirmTimeout;
  }

  /**
   * Replays the chosen messages in order; returns how many. Stops at the first copy the broker
   * refuses, cannot route or does not confirm in time, saying how many went before it.
   */
  int replay(String queue, HeldMessages held, List<HeldMessages.Message> chosen)
      throws IOException {
    String source = Letters.sourceQueue(queue);
    AtomicReference<Return> returned = new AtomicReference<>();
    try (Channel publish = connection.createChannel()) {
      publish.confirmSelect();
      publish.addReturnListener(returned::set);
      int replayed = 0;
      for (HeldMessages.Message m : chosen) {
        ReplayResult.Planned to = Letters.destination(m.letter(), source);
        returned.set(null);
        publish.basicPublish(
            to.exchange(),
            to.routingKey(),
            true,
            Letters.replayProperties(m.props(), m.letter()),
            m.body());
        String refused = awaitConfirm(publish, returned);
        if (refused != null) {
          throw new WarrenException(
              "replay of "
                  + m.letter().id()
                  + " to exchange '"
                  + to.exchange()
                  + "' with key '"
                  + to.routingKey()
                  + "' failed: "
                  + refused
                  + "; "
                  + replayed
                  + " message(s) were replayed before it, it and the rest stay in "
                  + queue);
        }
        held.remove(m);
        replayed++;
      }
      return replayed;
    } catch (TimeoutException e) {
      throw new BrokerUnavailableException(
          "closing the replay channel of " + queue + " timed out", e);
    }
  }

  /** Null when the broker confirmed and routed the last publish, else what went wrong. */
  private String awaitConfirm(Channel publish, AtomicReference<Return> returned) {
    try {
      if (!publish.waitForConfirms(confirmTimeout.toMillis())) {
        return "the broker refused it (nack): the destination queue may be full or unavailable";
      }
    } catch (TimeoutException e) {
      return "no confirm from the broker within " + confirmTimeout.toMillis() + " ms";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while waiting for the broker's confirm";
    }
    // The broker sends basic.return before the confirm of the same message.
    Return r = returned.get();
    return r == null
        ? null
        : "no queue is bound there ("
            + r.getReplyText()
            + "): check the topology with ./warren topology check";
  }
}
