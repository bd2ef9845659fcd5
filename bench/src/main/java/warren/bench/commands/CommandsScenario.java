package warren.bench.commands;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import warren.bench.BenchBroker;
import warren.bench.Contender;
import warren.bench.Scenario;
import warren.messaging.internal.TopologyDeclarer;

/**
 * Confirmed commands, 100-byte JSON, at 1 and 64 in flight: Warren's {@code send} against raw
 * amqp-client with publisher confirms. Both publish persistent messages into a quorum queue with
 * the arguments of Warren's command queues, purged between runs.
 */
public final class CommandsScenario implements Scenario {
  @Override
  public String name() {
    return "commands";
  }

  @Override
  public String description() {
    return "confirmed persistent commands, 100-byte JSON, into a quorum queue";
  }

  @Override
  public List<Integer> inFlights() {
    return List.of(1, 64);
  }

  @Override
  public List<Contender> open(BenchBroker broker) throws Exception {
    List<Contender> contenders = new ArrayList<>();
    try {
      contenders.add(new RawAmqpCommands(broker.connectionFactory()));
      contenders.add(new WarrenCommands(broker.amqpUri(), broker.connectionFactory()));
      return contenders;
    } catch (Exception | Error e) {
      for (Contender c : contenders) {
        c.close();
      }
      throw e;
    }
  }

  /** A quorum queue as Warren declares a command queue, bound to {@code warren.commands}. */
  static void declareWorkQueue(Channel channel, String queue) throws IOException {
    channel.exchangeDeclare(TopologyDeclarer.COMMANDS_EXCHANGE, BuiltinExchangeType.DIRECT, true);
    channel.queueDeclare(queue, true, false, false, TopologyDeclarer.workQueueArguments(queue));
    channel.queueBind(queue, TopologyDeclarer.COMMANDS_EXCHANGE, queue);
  }
}
