package warren.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static warren.messaging.Fixtures.ECHO;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.messaging.Fixtures.Echo;
import warren.messaging.Fixtures.Echoed;
import warren.messaging.health.HealthServer;
import warren.messaging.health.ReadinessCheck;
import warren.testkit.IsolatedVhost;

class HealthAndHttpIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void healthz_readyz_and_metrics_answer_as_the_contract_says() throws Exception {
    AtomicReference<Optional<String>> database = new AtomicReference<>(Optional.empty());
    try (Warren warren = Fixtures.connect(broker, "test");
        HealthServer health =
            HealthServer.start("127.0.0.1", 0, warren, Map.of("database", database::get))) {
      warren.serve(ECHO, (req, ctx) -> new Echoed(req.text(), ""));
      warren.call(ECHO, new Echo("count me"));
      String base = "http://127.0.0.1:" + health.port();

      assertEquals(200, get(base + "/healthz").statusCode());
      assertEquals(200, get(base + "/readyz").statusCode());
      database.set(Optional.of("database unreachable: connection refused"));
      HttpResponse<String> notReady = get(base + "/readyz");
      assertEquals(503, notReady.statusCode());
      assertTrue(notReady.body().contains("connection refused"), notReady.body());
      HttpResponse<String> metrics = get(base + "/metrics");
      assertTrue(
          metrics.body().contains("warren_handled_seconds_count{endpoint=\"test.echo\""),
          metrics.body());
      assertTrue(metrics.body().contains("warren_calls_seconds_count"), metrics.body());
      assertEquals(404, get(base + "/nope").statusCode());
      // The HTTP transport is off unless asked for: nobody on the network calls the endpoints.
      assertEquals(
          404,
          http.send(
                  HttpRequest.newBuilder(URI.create(base + "/rpc/test.echo"))
                      .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hi\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .statusCode());
    }
  }

  @Test
  void the_same_handler_answers_over_http_when_the_caller_is_pointed_there() throws Exception {
    AtomicReference<String> servedOn = new AtomicReference<>();
    try (Warren server = Fixtures.connect(broker, "test");
        HealthServer health =
            HealthServer.start("127.0.0.1", 0, server, Map.<String, ReadinessCheck>of(), true)) {
      server.serve(
          ECHO,
          (req, ctx) -> {
            servedOn.set(ctx.headers().isEmpty() ? "http" : "amqp");
            if (req.text().equals("fail")) {
              throw new ServiceError("invalid_text", "no");
            }
            return new Echoed(req.text(), "");
          });
      URI base = URI.create("http://127.0.0.1:" + health.port());
      try (Warren overHttp =
          Warren.connect(Fixtures.config(broker, "caller").httpRoute("test", base).build())) {

        assertEquals("hi", overHttp.call(ECHO, new Echo("hi")).text());
        assertEquals("http", servedOn.get());
        RemoteException e =
            assertThrows(RemoteException.class, () -> overHttp.call(ECHO, new Echo("fail")));
        assertEquals("invalid_text", e.code());
      }
      try (Warren overAmqp = Fixtures.connect(broker, "caller")) {
        assertEquals("hi", overAmqp.call(ECHO, new Echo("hi")).text());
        assertEquals("amqp", servedOn.get());
      }
    }
  }

  private HttpResponse<String> get(String uri) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
