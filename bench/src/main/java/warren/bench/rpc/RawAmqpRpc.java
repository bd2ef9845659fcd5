package warren.bench.rpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.ConnectionFactory;
import java.time.Duration;
import warren.bench.Contender;
import warren.bench.Load;
import warren.bench.Sample;

/**
 * The baseline: the least code that does RPC over RabbitMQ correctly with amqp-client ({@link
 * RawEcho}), calls pipelined. Every library pays for what it adds on top of this.
 */
public final class RawAmqpRpc implements Contender {
  private final RawEcho echo;

  public RawAmqpRpc(ConnectionFactory factory, int prefetch) throws Exception {
    echo =
        new RawEcho(
            factory, "echo", prefetch, new ObjectMapper().writeValueAsBytes(Echo.HUNDRED_BYTES));
  }

  @Override
  public String name() {
    return "raw-amqp";
  }

  @Override
  public Sample run(int inFlight, Duration duration) throws Exception {
    return Load.pipelined(echo::call, inFlight, duration);
  }

  @Override
  public void close() throws Exception {
    echo.close();
  }
}
