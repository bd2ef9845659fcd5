package warren.bench.commands;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.net.URI;
import java.time.Duration;
import warren.bench.Contender;
import warren.bench.Load;
import warren.bench.Sample;
import warren.messaging.Warren;
import warren.messaging.WarrenConfig;

/**
 * Warren's confirmed {@code send}: persistent, mandatory, returning once the broker confirmed the
 * command. It blocks, so N in flight are N caller threads.
 */
public final class WarrenCommands implements Contender {
  private final Warren warren;
  private final Connection admin;
  private final Channel purger;

  public WarrenCommands(URI uri, ConnectionFactory factory) throws Exception {
    admin = factory.newConnection("bench-warren-commands-admin");
    purger = admin.createChannel();
    // The queue a consuming service would declare, declared here without a consumer: the scenario
    // measures the sender, and purges between runs.
    CommandsScenario.declareWorkQueue(purger, Job.ENDPOINT.name());
    warren = Warren.connect(WarrenConfig.builder().service("sender").uri(uri).build());
  }

  @Override
  public String name() {
    return "warren-amqp";
  }

  @Override
  public Sample run(int inFlight, Duration duration) throws Exception {
    return Load.blocking(() -> warren.send(Job.ENDPOINT, Job.HUNDRED_BYTES), inFlight, duration);
  }

  @Override
  public void afterRun() throws Exception {
    purger.queuePurge(Job.ENDPOINT.name());
  }

  @Override
  public void close() throws Exception {
    warren.close();
    admin.close();
  }
}
