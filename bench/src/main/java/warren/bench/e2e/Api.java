package warren.bench.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The few calls of the HTTP API (/work/shared/API.md) the bench makes, with bearer tokens. One
 * HTTP/1.1 client, so N concurrent callers use N pooled connections. Thread-safe.
 */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final URI base;
  private final HttpClient http;

  Api(URI base) {
    this.base = base;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  URI base() {
    return base;
  }

  /** Signs up (409: the user exists already, fine) and logs in; returns the bearer token. */
  String signUpAndLogIn(String username, String password) throws IOException, InterruptedException {
    Map<String, String> credentials = Map.of("username", username, "password", password);
    HttpResponse<String> signUp = send("POST", "/api/v1/users", null, credentials);
    if (signUp.statusCode() != 201 && signUp.statusCode() != 409) {
      throw new IOException(
          "sign-up of " + username + " answered " + signUp.statusCode() + ": " + signUp.body());
    }
    HttpResponse<String> session = expect(201, send("POST", "/api/v1/sessions", null, credentials));
    return JSON.readTree(session.body()).path("token").asText();
  }

  void follow(String token, String username) throws IOException, InterruptedException {
    HttpResponse<String> r = send("PUT", "/api/v1/users/" + username + "/follow", token, null);
    if (r.statusCode() / 100 != 2) {
      throw new IOException(
          "follow of " + username + " answered " + r.statusCode() + ": " + r.body());
    }
  }

  /** {@code POST /api/v1/posts}; returns the post's id from the 202. */
  String post(String token, String text) throws IOException, InterruptedException {
    HttpResponse<String> r =
        expect(202, send("POST", "/api/v1/posts", token, Map.of("text", text)));
    return JSON.readTree(r.body()).path("id").asText();
  }

  /**
   * {@code GET /api/v1/timeline}, answered 200. The page is read as bytes and not parsed, as the
   * raw RPC reference's client reads its reply: parsing 3.5 KB of JSON per read would charge the
   * timeline client work its reference does not pay, on the same two cores.
   */
  void timeline(String token) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/api/v1/timeline"))
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + token)
            .GET()
            .build();
    HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IOException(
          "GET /api/v1/timeline answered "
              + r.statusCode()
              + " (expected 200): "
              + new String(r.body(), StandardCharsets.UTF_8));
    }
  }

  HttpResponse<String> send(String method, String path, String token, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> expect(int status, HttpResponse<String> r)
      throws IOException {
    if (r.statusCode() != status) {
      throw new IOException(
          r.request().method()
              + " "
              + r.request().uri().getPath()
              + " answered "
              + r.statusCode()
              + " (expected "
              + status
              + "): "
              + r.body());
    }
    return r;
  }
}
