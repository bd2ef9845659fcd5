package warren.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The few management-API calls tests need, kept apart from the library's own client. */
public final class Management {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final TestBroker broker;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  public Management(TestBroker broker) {
    this.broker = broker;
  }

  public JsonNode get(String path) {
    return readTree(send("GET", path, null));
  }

  public void put(String path, String json) {
    send("PUT", path, json);
  }

  public void delete(String path) {
    send("DELETE", path, null);
  }

  /** Closes every client connection to the vhost, as an operator or a network failure would. */
  public int closeConnections(String vhost) {
    return closeConnections(vhost, "");
  }

  /**
   * Closes the client connections to the vhost whose client-given name ({@code connection_name},
   * e.g. {@code web@host:port/publish}) contains {@code clientName}.
   */
  public int closeConnections(String vhost, String clientName) {
    int closed = 0;
    for (JsonNode connection : connections(vhost, clientName)) {
      String name = connection.get("name").asText();
      try {
        send("DELETE", "/api/connections/" + TestBroker.encode(name), null);
        closed++;
      } catch (IllegalStateException alreadyGone) {
        // the connection closed between listing and deleting
      }
    }
    return closed;
  }

  /** The vhost's connections whose client-given name contains {@code clientName}. */
  public List<JsonNode> connections(String vhost, String clientName) {
    List<JsonNode> matching = new ArrayList<>();
    for (JsonNode connection : get("/api/vhosts/" + TestBroker.encode(vhost) + "/connections")) {
      if (connection
          .path("client_properties")
          .path("connection_name")
          .asText("")
          .contains(clientName)) {
        matching.add(connection);
      }
    }
    return matching;
  }

  /** Ready plus unacked messages in a queue, straight from the broker (no stats delay). */
  public int queueDepth(String vhost, String queue) {
    JsonNode q = get("/api/queues/" + TestBroker.encode(vhost) + "/" + TestBroker.encode(queue));
    return q.path("messages").asInt(0);
  }

  private String send(String method, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(broker.managementUri() + path))
            .timeout(Duration.ofSeconds(15))
            .header("Authorization", basic())
            .header("Content-Type", "application/json");
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException(
            method + " " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException(
          "management API at "
              + broker.managementUri()
              + " unreachable: enable rabbitmq_management",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static JsonNode readTree(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("management API answered with non-JSON: " + body, e);
    }
  }

  private String basic() {
    String raw = broker.user() + ":" + broker.password();
    return "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }
}
