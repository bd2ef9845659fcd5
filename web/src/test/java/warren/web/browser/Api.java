package warren.web.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import warren.testkit.Conditions;

/**
 * The JSON API with a bearer token, for setting up what a test is not about (users with many posts)
 * and for checking what the pages did (what was stored).
 */
final class Api {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  Api(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** Signs up and logs in; returns the token once the store knows the user too. */
  String signUp(String username) {
    expect(
        201,
        send(
            "POST",
            "/api/v1/users",
            Map.of("username", username, "password", Browser.PASSWORD),
            null));
    JsonNode session =
        expect(
            201,
            send(
                "POST",
                "/api/v1/sessions",
                Map.of("username", username, "password", Browser.PASSWORD),
                null));
    Conditions.waitUntil(
        Browser.WAIT,
        () -> send("GET", "/api/v1/users/" + username, null, null).statusCode() == 200,
        "the store knows " + username);
    return session.path("token").asText();
  }

  String post(String token, String text) {
    return expect(202, send("POST", "/api/v1/posts", Map.of("text", text), token))
        .path("id")
        .asText();
  }

  void follow(String token, String username) {
    expect(204, send("PUT", "/api/v1/users/" + username + "/follow", null, token));
  }

  /** The user's latest posts' texts (up to 100). */
  java.util.List<String> postsOf(String username) {
    JsonNode page =
        expect(200, send("GET", "/api/v1/users/" + username + "/posts?limit=100", null, null));
    java.util.List<String> texts = new java.util.ArrayList<>();
    page.path("posts").forEach(p -> texts.add(p.path("text").asText()));
    return texts;
  }

  JsonNode counts(String username) {
    return expect(200, send("GET", "/api/v1/users/" + username, null, null));
  }

  HttpResponse<String> send(String method, String path, Object body, String token) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(baseUrl + path))
              .timeout(Duration.ofSeconds(20))
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      if (body != null) {
        request.header("Content-Type", "application/json");
      }
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted: " + method + " " + path, e);
    }
  }

  private static JsonNode expect(int status, HttpResponse<String> response) {
    if (response.statusCode() != status) {
      throw new AssertionError(
          response.request().method()
              + " "
              + response.request().uri()
              + " answered "
              + response.statusCode()
              + " (expected "
              + status
              + "): "
              + response.body());
    }
    try {
      return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }
}
