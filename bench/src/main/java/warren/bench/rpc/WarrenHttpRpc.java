package warren.bench.rpc;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import warren.bench.Contender;
import warren.bench.Load;
import warren.bench.Sample;
import warren.messaging.EndpointOptions;
import warren.messaging.Warren;
import warren.messaging.WarrenConfig;
import warren.messaging.health.HealthServer;
import warren.messaging.health.ReadinessCheck;

/**
 * Warren's HTTP transport ({@code warren.messaging.http}): the same echo handler served by a Warren
 * whose {@link HealthServer} answers {@code POST /rpc/httpbench.echo}, called with the same {@code
 * callAsync} by a Warren configured with an HTTP route for the service.
 */
public final class WarrenHttpRpc implements Contender {
  private final Warren server;
  private final HealthServer http;
  private final Warren caller;

  public WarrenHttpRpc(URI uri, EndpointOptions options) {
    server = Warren.connect(WarrenConfig.builder().service("httpbench").uri(uri).build());
    server.serve(Echo.HTTP_ENDPOINT, (request, context) -> request, options);
    http = HealthServer.start("127.0.0.1", 0, server, Map.<String, ReadinessCheck>of(), true);
    caller =
        Warren.connect(
            WarrenConfig.builder()
                .service("httpcaller")
                .uri(uri)
                .httpRoute("httpbench", URI.create("http://127.0.0.1:" + http.port()))
                .build());
  }

  @Override
  public String name() {
    return "warren-http";
  }

  @Override
  public Sample run(int inFlight, Duration duration) throws Exception {
    return Load.pipelined(
        () -> caller.callAsync(Echo.HTTP_ENDPOINT, Echo.HUNDRED_BYTES), inFlight, duration);
  }

  @Override
  public void close() {
    caller.close();
    http.close();
    server.close();
  }
}
