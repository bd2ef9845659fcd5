package warren.messaging.internal;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import warren.messaging.RetryPolicy;
import warren.messaging.WarrenException;

/**
 * Declares, or only checks, the exchanges and queues an endpoint needs, by the conventions that
 * {@code rabbit-definitions.json} follows too. Declaring is idempotent when the arguments match; a
 * mismatch fails with the broker's PRECONDITION_FAILED, reported with the fix.
 */
public final class TopologyDeclarer {
  public static final String COMMANDS_EXCHANGE = "warren.commands";
  public static final String EVENTS_EXCHANGE = "warren.events";
  public static final String NOTIFY_EXCHANGE = "warren.notify";
  public static final String DEAD_LETTER_EXCHANGE = "warren.dlx";
  public static final String RETRY_PREFIX = "warren.retry.";
  public static final String DLQ_SUFFIX = ".dlq";

  /** A message that kept crashing its consumer (no ack, no nack) is dead-lettered after this. */
  public static final int DELIVERY_LIMIT = 20;

  private final BrokerConnection connection;
  private final boolean declare;
  // Declarations stay on one open channel: automatic recovery declares recorded entities again
  // on the channel that declared them, and fails noisily for a channel already closed.
  private Channel declaring;

  public TopologyDeclarer(BrokerConnection connection, boolean declare) {
    this.connection = connection;
    this.declare = declare;
  }

  /** The arguments of every command and event queue. */
  public static Map<String, Object> workQueueArguments(String queue) {
    return Map.of(
        "x-queue-type",
        "quorum",
        "x-dead-letter-exchange",
        DEAD_LETTER_EXCHANGE,
        "x-dead-letter-routing-key",
        queue,
        "x-dead-letter-strategy",
        "at-least-once",
        "x-overflow",
        "reject-publish",
        "x-delivery-limit",
        DELIVERY_LIMIT);
  }

  public static String deadLetterQueue(String queue) {
    return queue + DLQ_SUFFIX;
  }

  public static String retryExchange(Duration delay) {
    return RETRY_PREFIX + RetryPolicy.tierName(delay);
  }

  public void rpcQueue(String name) {
    run(
        name,
        ch -> {
          ch.exchangeDeclare(AmqpCaller.RPC_EXCHANGE, BuiltinExchangeType.DIRECT, true);
          ch.queueDeclare(name, true, false, false, Map.of());
          ch.queueBind(name, AmqpCaller.RPC_EXCHANGE, name);
        });
  }

  public void commandQueue(String name) {
    workQueue(name, COMMANDS_EXCHANGE, BuiltinExchangeType.DIRECT, List.of(name));
  }

  public void eventQueue(String name, List<String> patterns) {
    workQueue(name, EVENTS_EXCHANGE, BuiltinExchangeType.TOPIC, patterns);
  }

  public void exchange(String name, BuiltinExchangeType type) {
    run(name, ch -> ch.exchangeDeclare(name, type, true));
  }

  private void workQueue(
      String name, String exchange, BuiltinExchangeType type, List<String> bindingKeys) {
    run(
        name,
        ch -> {
          ch.exchangeDeclare(exchange, type, true);
          ch.exchangeDeclare(DEAD_LETTER_EXCHANGE, BuiltinExchangeType.DIRECT, true);
          String dlq = deadLetterQueue(name);
          ch.queueDeclare(dlq, true, false, false, Map.of("x-queue-type", "quorum"));
          ch.queueBind(dlq, DEAD_LETTER_EXCHANGE, name);
          ch.queueDeclare(name, true, false, false, workQueueArguments(name));
          for (String key : bindingKeys) {
            ch.queueBind(name, exchange, key);
          }
          for (Duration tier : RetryPolicy.TIERS) {
            String retry = retryExchange(tier);
            ch.exchangeDeclare(retry, BuiltinExchangeType.FANOUT, true);
            ch.queueDeclare(
                retry,
                true,
                false,
                false,
                Map.of(
                    "x-queue-type", "quorum",
                    "x-message-ttl", tier.toMillis(),
                    "x-dead-letter-exchange", "",
                    "x-dead-letter-strategy", "at-least-once",
                    "x-overflow", "reject-publish"));
            ch.queueBind(retry, retry, "");
          }
        });
  }

  private synchronized void run(String queue, ChannelWork work) {
    try {
      if (declaring == null || !declaring.isOpen()) {
        declaring = connection.createChannel();
      }
      if (declare) {
        work.run(declaring);
      } else {
        declaring.queueDeclarePassive(queue);
      }
    } catch (IOException | RuntimeException e) {
      String cause = rootMessage(e);
      if (!declare) {
        throw new WarrenException(
            "queue "
                + queue
                + " is missing or unusable ("
                + cause
                + "): run ./warren topology apply, or check this service's RabbitMQ permissions",
            e);
      }
      throw new WarrenException(
          "declaring the topology of "
              + queue
              + " failed ("
              + cause
              + "): if a queue exists with other arguments, compare it with rabbit-definitions.json"
              + " (./warren topology check)",
          e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  @FunctionalInterface
  private interface ChannelWork {
    void run(Channel channel) throws IOException;
  }
}
