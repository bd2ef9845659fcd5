package warren.bench.rpc;

import java.net.URI;
import java.time.Duration;
import warren.bench.Contender;
import warren.bench.Load;
import warren.bench.Sample;
import warren.messaging.EndpointOptions;
import warren.messaging.Warren;
import warren.messaging.WarrenConfig;

/**
 * Warren over AMQP, as services use it: one Warren serves {@code bench.echo}, another calls it with
 * {@code callAsync}, each with its own connections, with every default on (deadline, circuit
 * breaker, metrics, trace headers, delivery hooks).
 */
public final class WarrenAmqpRpc implements Contender {
  private final Warren server;
  private final Warren caller;

  public WarrenAmqpRpc(URI uri, EndpointOptions options) {
    server = Warren.connect(WarrenConfig.builder().service("bench").uri(uri).build());
    server.serve(Echo.ENDPOINT, (request, context) -> request, options);
    caller = Warren.connect(WarrenConfig.builder().service("caller").uri(uri).build());
  }

  @Override
  public String name() {
    return "warren-amqp";
  }

  @Override
  public Sample run(int inFlight, Duration duration) throws Exception {
    return Load.pipelined(
        () -> caller.callAsync(Echo.ENDPOINT, Echo.HUNDRED_BYTES), inFlight, duration);
  }

  @Override
  public void close() {
    caller.close();
    server.close();
  }
}
