package warren.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Drives the HTTP API as a client would: java.net.http, JSON bodies, no shortcuts. */
final class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI base;

  ApiClient(int port) {
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  URI base() {
    return base;
  }

  HttpClient http() {
    return http;
  }

  /** One answer: status, headers and the body (as JSON when it is JSON). */
  record Answer(int status, HttpResponse<String> response) {
    JsonNode json() {
      try {
        return JSON.readTree(response.body());
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + response.body(), e);
      }
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    String error() {
      return json().path("error").asText();
    }

    @Override
    public String toString() {
      return status + " " + response.body();
    }
  }

  Answer get(String path, String token) {
    return send("GET", path, null, token, Map.of());
  }

  Answer post(String path, Object body, String token) {
    return send("POST", path, body, token, Map.of());
  }

  Answer send(String method, String path, Object body, String token, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    String text;
    try {
      text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
    if (text != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(
        method,
        text == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(text));
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response);
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Signs up and logs in; returns the token. */
  String signUpAndLogIn(String username) {
    Answer signUp =
        post(
            "/api/v1/users",
            Map.of("username", username, "password", "password-" + username),
            null);
    if (signUp.status() != 201) {
      throw new AssertionError("sign-up of " + username + ": " + signUp);
    }
    return logIn(username);
  }

  String logIn(String username) {
    Answer logIn =
        post(
            "/api/v1/sessions",
            Map.of("username", username, "password", "password-" + username),
            null);
    if (logIn.status() != 201) {
      throw new AssertionError("log-in of " + username + ": " + logIn);
    }
    return logIn.json().path("token").asText();
  }

  /** Posts and returns the id. */
  String postText(String token, String text) {
    Answer answer = post("/api/v1/posts", Map.of("text", text), token);
    if (answer.status() != 202) {
      throw new AssertionError("post: " + answer);
    }
    return answer.json().path("id").asText();
  }
}
