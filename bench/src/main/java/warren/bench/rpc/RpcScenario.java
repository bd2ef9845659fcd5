package warren.bench.rpc;

import java.util.ArrayList;
import java.util.List;
import warren.bench.BenchBroker;
import warren.bench.Contender;
import warren.bench.Scenario;
import warren.messaging.EndpointOptions;

/**
 * RPC echo of 100 bytes of JSON at 1, 16 and 64 calls in flight: raw amqp-client (the baseline),
 * Warren over AMQP, Spring AMQP, Warren over HTTP and a raw TCP echo. Every server side gets the
 * same prefetch and, where it has a pool, the same number of handler threads.
 */
public final class RpcScenario implements Scenario {
  /** Unacked requests the broker may push to each server: more than the most in flight. */
  static final int PREFETCH = 128;

  /** Handler threads of the servers that have a pool (Warren, Spring's listener container). */
  static final int HANDLER_THREADS = EndpointOptions.DEFAULT_CONCURRENCY;

  @Override
  public String name() {
    return "rpc";
  }

  @Override
  public String description() {
    return "RPC echo, 100-byte JSON request and reply";
  }

  @Override
  public List<Integer> inFlights() {
    return List.of(1, 16, 64);
  }

  @Override
  public List<Contender> open(BenchBroker broker) throws Exception {
    EndpointOptions options =
        EndpointOptions.defaults().prefetch(PREFETCH).concurrency(HANDLER_THREADS);
    List<Contender> contenders = new ArrayList<>();
    try {
      contenders.add(new RawAmqpRpc(broker.connectionFactory(), PREFETCH));
      contenders.add(new WarrenAmqpRpc(broker.amqpUri(), options));
      contenders.add(new SpringAmqpRpc(broker.connectionFactory(), HANDLER_THREADS, PREFETCH / 4));
      contenders.add(new WarrenHttpRpc(broker.amqpUri(), options));
      contenders.add(new RawTcpRpc());
      return contenders;
    } catch (Exception | Error e) {
      for (Contender c : contenders) {
        c.close();
      }
      throw e;
    }
  }
}
