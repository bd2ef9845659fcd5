package warren.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small client of {@code /work/shared/API.md} (the HTTP contract), as an API client uses it:
 * bearer tokens, JSON in and out. Thread-safe; one per web replica.
 */
public final class ApiClient {
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
  static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final Secrets secrets;
  private final HttpClient http;

  /** One answer of the API. */
  public record Response(int status, String body, HttpHeaders headers, Duration took) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("not JSON (status " + status + "): " + body, e);
      }
    }

    /** Throws unless the status is {@code expected}, showing the body. */
    public Response expect(int expected) {
      if (status != expected) {
        throw new IllegalStateException(
            "expected " + expected + " but got " + status + ": " + body);
      }
      return this;
    }
  }

  /** A logged-in user: the token from {@code POST /api/v1/sessions} and the cookie it set. */
  public record Session(String username, String userId, String token, String setCookie) {}

  public ApiClient(URI base, Secrets secrets) {
    this.base = base;
    this.secrets = secrets;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  public URI base() {
    return base;
  }

  public Response signUp(String username, String password) {
    secrets.add(password);
    return send("POST", "/api/v1/users", null, Map.of("username", username, "password", password));
  }

  /** Signs up (409 is fine: the user exists) and logs in. */
  public Session signUpAndLogIn(String username, String password) {
    Response signedUp = signUp(username, password);
    if (signedUp.status() != 201 && signedUp.status() != 409) {
      throw new IllegalStateException(
          "sign-up of " + username + " failed with " + signedUp.status() + ": " + signedUp.body());
    }
    return logIn(username, password);
  }

  public Session logIn(String username, String password) {
    secrets.add(password);
    Response r =
        send("POST", "/api/v1/sessions", null, Map.of("username", username, "password", password))
            .expect(201);
    String token = r.json().path("token").asText();
    secrets.add(token);
    return new Session(
        username,
        r.json().path("user").path("id").asText(),
        token,
        r.headers().firstValue("Set-Cookie").orElse(""));
  }

  public Response logOut(Session session) {
    return send("DELETE", "/api/v1/sessions", session, null);
  }

  /** {@code POST /api/v1/posts} with an {@code Idempotency-Key}. */
  public Response post(Session session, String text, String idempotencyKey) {
    return send(
        "POST",
        "/api/v1/posts",
        session,
        Map.of("text", text),
        idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
  }

  public Response follow(Session session, String username) {
    return send("PUT", "/api/v1/users/" + username + "/follow", session, null);
  }

  public Response unfollow(Session session, String username) {
    return send("DELETE", "/api/v1/users/" + username + "/follow", session, null);
  }

  /** Every post of the session's timeline, following {@code next} cursors. */
  public List<JsonNode> timeline(Session session) {
    List<JsonNode> posts = new ArrayList<>();
    String before = null;
    do {
      String path = "/api/v1/timeline?limit=100" + (before == null ? "" : "&before=" + before);
      JsonNode page = send("GET", path, session, null).expect(200).json();
      page.path("posts").forEach(posts::add);
      before = page.path("next").isTextual() ? page.path("next").asText() : null;
    } while (before != null);
    return posts;
  }

  public Response get(String path, Session session) {
    return send("GET", path, session, null);
  }

  public Response send(String method, String path, Session session, Object body) {
    return send(method, path, session, body, Map.of());
  }

  /**
   * One request; a body that is not a String is sent as JSON. Never throws for a status; an I/O
   * failure or timeout comes back as status -1 with the reason as body.
   */
  public Response send(
      String method, String path, Session session, Object body, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT);
    if (session != null) {
      request.header("Authorization", "Bearer " + session.token());
    }
    headers.forEach(request::header);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(asJson(body)));
    }
    long started = System.nanoTime();
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(
          response.statusCode(),
          response.body(),
          response.headers(),
          Duration.ofNanos(System.nanoTime() - started));
    } catch (IOException e) {
      return new Response(
          -1,
          e.toString(),
          HttpHeaders.of(Map.of(), (a, b) -> true),
          Duration.ofNanos(System.nanoTime() - started));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + method + " " + path, e);
    }
  }

  /** {@code GET /api/v1/stream} for the session, read in the background. */
  public EventStream stream(Session session) {
    return EventStream.open(http, base.resolve("/api/v1/stream"), session.token());
  }

  private static String asJson(Object body) {
    if (body instanceof String s) {
      return s;
    }
    try {
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write " + body + " as JSON", e);
    }
  }
}
