package warren.system;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server-sent event stream ({@code GET /api/v1/stream}) read on a background thread: every {@code
 * post} event's data is kept, in order. Close it to disconnect.
 */
public final class EventStream implements AutoCloseable {
  private final List<JsonNode> posts = new ArrayList<>();
  private final CountDownLatch connected = new CountDownLatch(1);
  private volatile int status;
  private volatile CompletableFuture<HttpResponse<Stream<String>>> response;
  private volatile Stream<String> lines;

  private EventStream() {}

  static EventStream open(HttpClient http, URI uri, String token) {
    EventStream stream = new EventStream();
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "text/event-stream")
            .GET()
            .build();
    stream.response =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
            .whenComplete(
                (r, failure) -> {
                  if (r != null) {
                    stream.status = r.statusCode();
                    stream.lines = r.body();
                  }
                  stream.connected.countDown();
                  if (r != null) {
                    Thread.ofPlatform()
                        .daemon()
                        .name("event-stream-" + uri.getPort())
                        .start(() -> stream.read(r.body()));
                  }
                });
    return stream;
  }

  /**
   * Waits for the response headers; returns the status (200 for a stream), or -1 when none came.
   */
  public int awaitConnected(Duration timeout) throws InterruptedException {
    return connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? status : -1;
  }

  private void read(Stream<String> body) {
    String event = "message";
    StringBuilder data = new StringBuilder();
    try {
      for (String line : (Iterable<String>) body::iterator) {
        if (line.isEmpty()) {
          if (event.equals("post") && !data.isEmpty()) {
            JsonNode post = ApiClient.JSON.readTree(data.toString());
            synchronized (posts) {
              posts.add(post);
              posts.notifyAll();
            }
          }
          event = "message";
          data.setLength(0);
        } else if (line.startsWith("event:")) {
          event = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          data.append(line.substring(5).strip());
        }
      }
    } catch (IOException | RuntimeException e) {
      // The stream ended (closed by us or by the server); what arrived is kept.
    }
  }

  /** The posts received so far. */
  public List<JsonNode> posts() {
    synchronized (posts) {
      return List.copyOf(posts);
    }
  }

  /** Waits until at least {@code n} posts arrived; returns those received by then. */
  public List<JsonNode> awaitPosts(int n, Duration timeout) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeout.toMillis();
    synchronized (posts) {
      while (posts.size() < n && System.currentTimeMillis() < deadline) {
        posts.wait(Math.max(1, deadline - System.currentTimeMillis()));
      }
      return List.copyOf(posts);
    }
  }

  @Override
  public void close() {
    Stream<String> open = lines;
    if (open != null) {
      open.close();
    }
    response.cancel(true);
  }
}
