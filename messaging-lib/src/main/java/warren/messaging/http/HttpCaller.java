package warren.messaging.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import warren.messaging.BrokerUnavailableException;
import warren.messaging.DeadlineExceededException;
import warren.messaging.RemoteException;
import warren.messaging.RpcEndpoint;
import warren.messaging.Trace;
import warren.messaging.WarrenException;
import warren.messaging.internal.Json;

/**
 * Calls RPC endpoints over HTTP ({@code POST <base>/rpc/<endpoint>}), served by {@link
 * HttpRpcHandler}, with the same exceptions as the AMQP transport so calling code does not change.
 * The deadline becomes the request timeout and travels in {@code X-Warren-Deadline-Ms}.
 */
public final class HttpCaller implements AutoCloseable {
  private final URI base;
  private final Json json;
  private final HttpClient client;

  public HttpCaller(URI base, Json json) {
    this.base = base;
    this.json = json;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
  }

  public <Q, R> CompletableFuture<R> call(
      RpcEndpoint<Q, R> endpoint, Q request, Duration deadline) {
    HttpRequest http =
        HttpRequest.newBuilder(base.resolve("/rpc/" + endpoint.name()))
            .timeout(deadline)
            .header("Content-Type", "application/json")
            .header(HttpRpcHandler.DEADLINE_HEADER, Long.toString(deadline.toMillis()))
            .header(HttpRpcHandler.TRACE_HEADER, Trace.currentOrNew())
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.write(request)))
            .build();
    return client
        .sendAsync(http, HttpResponse.BodyHandlers.ofByteArray())
        .handle(
            (response, failure) -> {
              if (failure != null) {
                throw new CompletionException(translate(endpoint, deadline, failure));
              }
              if (response.statusCode() == 200) {
                return json.read(response.body(), endpoint.replyType());
              }
              throw new CompletionException(error(endpoint, response));
            });
  }

  private WarrenException translate(RpcEndpoint<?, ?> endpoint, Duration deadline, Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (cause instanceof HttpTimeoutException) {
      return new DeadlineExceededException(
          "HTTP call "
              + endpoint.name()
              + " passed its deadline of "
              + deadline.toMillis()
              + " ms");
    }
    if (cause instanceof ConnectException || cause instanceof IOException) {
      return new BrokerUnavailableException(
          "HTTP transport for " + endpoint.name() + " at " + base + " unreachable: " + cause,
          cause);
    }
    return new WarrenException("HTTP call " + endpoint.name() + " failed: " + cause, cause);
  }

  private RemoteException error(RpcEndpoint<?, ?> endpoint, HttpResponse<byte[]> response) {
    try {
      JsonNode body = json.mapper().readTree(response.body());
      return new RemoteException(
          endpoint.name(),
          body.path("error").asText("http_" + response.statusCode()),
          body.path("type").asText(""),
          body.path("message").asText(""));
    } catch (IOException e) {
      return new RemoteException(
          endpoint.name(), "http_" + response.statusCode(), "", "non-JSON error body");
    }
  }

  @Override
  public void close() {
    client.shutdownNow();
  }
}
