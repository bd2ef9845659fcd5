package warren.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A server-sent-events client over java.net.http: reads lines on its own thread. */
final class EventStreamClient implements AutoCloseable {
  final List<String> lines = new CopyOnWriteArrayList<>();
  final List<JsonNode> posts = new CopyOnWriteArrayList<>();
  final int status;
  final HttpResponse<Stream<String>> response;
  private final Thread reader;
  private volatile boolean ended;

  EventStreamClient(HttpClient http, URI uri, String token) {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "text/event-stream")
            .build();
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofLines());
    } catch (IOException e) {
      throw new AssertionError("stream: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    status = response.statusCode();
    reader = Thread.ofVirtual().name("sse-reader").start(this::read);
  }

  private void read() {
    String event = null;
    try {
      for (String line : (Iterable<String>) response.body()::iterator) {
        lines.add(line);
        if (line.startsWith("event:")) {
          event = line.substring(6).strip();
        } else if (line.startsWith("data:") && "post".equals(event)) {
          posts.add(ApiClient.JSON.readTree(line.substring(5).strip()));
        } else if (line.isEmpty()) {
          event = null;
        }
      }
    } catch (IOException | RuntimeException e) {
      // the stream ended or was closed by the test
    }
    ended = true;
  }

  /** The server ended the stream (or the test closed it). */
  boolean ended() {
    return ended;
  }

  /** How many times the post with this id arrived. */
  long count(String postId) {
    return posts.stream().filter(p -> p.path("id").asText().equals(postId)).count();
  }

  boolean received(String postId) {
    return count(postId) > 0;
  }

  @Override
  public void close() {
    response.body().close();
    try {
      reader.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
