package warren.messaging.management;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP plumbing under {@link ManagementClient}: JSON in and out, Basic authentication, and
 * errors that say which URL failed and what to check. Immutable and thread-safe.
 */
final class ManagementHttp {
  static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final URI base;
  private final String user;
  private final String authorization;
  private final Duration requestTimeout;
  private final HttpClient client;

  ManagementHttp(URI base, String user, String password, Duration connect, Duration request) {
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    this.user = user;
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.requestTimeout = request;
    // HTTP/1.1: the JDK's default h2c upgrade attempt on plain http makes the management
    // plugin's web server drop some requests ("EOF reached while reading").
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connect)
            .build();
  }

  static URI checkedUri(URI uri) {
    String scheme = Objects.requireNonNull(uri, "management URI").getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException(
          "management URI must be http:// or https://, was '" + uri + "': check WARREN_MGMT_URI");
    }
    return uri;
  }

  static String checkedUser(String user, String password) {
    if (user == null || user.isBlank() || password == null) {
      throw new IllegalArgumentException(
          "management user and password must both be given, was user '"
              + user
              + "': check WARREN_MGMT_USER and WARREN_MGMT_PASSWORD");
    }
    return user;
  }

  static Duration positive(String what, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + value);
    }
    return value;
  }

  URI base() {
    return base;
  }

  /** Encodes one path segment: a vhost, queue or exchange name ({@code /} becomes {@code %2F}). */
  static String segment(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String exchangePath(String vhost, String name) {
    return "/api/exchanges/"
        + segment(vhost)
        + "/"
        + segment(name.isEmpty() ? "amq.default" : name);
  }

  static String queuePath(String vhost, String name) {
    return "/api/queues/" + segment(vhost) + "/" + segment(name);
  }

  static String bindingPath(Binding b) {
    String kind = b.destinationType().equals("exchange") ? "/e/" : "/q/";
    return "/api/bindings/"
        + segment(b.vhost())
        + "/e/"
        + segment(b.source())
        + kind
        + segment(b.destination());
  }

  JsonNode get(String path) {
    return find(path)
        .orElseThrow(
            () ->
                new ManagementException(
                    "GET " + base + path + " found nothing (404): check the name and vhost",
                    404,
                    null));
  }

  Optional<JsonNode> find(String path) {
    HttpResponse<String> response = send("GET", path, null);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readTree(response.body()));
    } catch (JsonProcessingException e) {
      throw new ManagementException(
          "GET "
              + base
              + path
              + " answered something that is not JSON: is "
              + base
              + " really the RabbitMQ management API? Check WARREN_MGMT_URI",
          response.statusCode(),
          e);
    }
  }

  <T> List<T> list(String path, Class<T> type) {
    List<T> items = new ArrayList<>();
    for (JsonNode item : get(path)) {
      items.add(convert(item, type));
    }
    return items;
  }

  <T> T convert(JsonNode node, Class<T> type) {
    return JSON.convertValue(node, type);
  }

  void put(String path, Object body) {
    send("PUT", path, body);
  }

  void post(String path, Object body) {
    send("POST", path, body);
  }

  /** Returns false when there was nothing to delete (404). */
  boolean delete(String path, String reason) {
    return send("DELETE", path, null, reason).statusCode() != 404;
  }

  private HttpResponse<String> send(String method, String path, Object body) {
    return send(method, path, body, null);
  }

  private HttpResponse<String> send(String method, String path, Object body, String reason) {
    URI uri = URI.create(base + path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .header("Authorization", authorization)
            .header("Accept", "application/json");
    if (reason != null) {
      request.header("X-Reason", reason);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(toJson(body)));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpConnectTimeoutException | ConnectException e) {
      throw new ManagementException(unreachable(e), 0, e);
    } catch (HttpTimeoutException e) {
      throw new ManagementException(
          "management API at "
              + base
              + " did not answer "
              + method
              + " "
              + path
              + " within "
              + requestTimeout.toMillis()
              + " ms: check the broker's load, or raise the timeout",
          0,
          e);
    } catch (IOException e) {
      throw new ManagementException(unreachable(e), 0, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ManagementException(method + " " + uri + " was interrupted", 0, e);
    }
    int status = response.statusCode();
    if (status >= 400 && !(status == 404 && (method.equals("GET") || method.equals("DELETE")))) {
      throw new ManagementException(refused(method, uri, status, response.body()), status, null);
    }
    return response;
  }

  private String unreachable(IOException e) {
    return "management API at "
        + base
        + " is not reachable ("
        + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + e.getMessage())
        + "): start RabbitMQ with the rabbitmq_management plugin enabled and check WARREN_MGMT_URI";
  }

  private String refused(String method, URI uri, int status, String body) {
    String reason = reasonIn(body);
    if (status == 401 && reason.toLowerCase().contains("login failed")) {
      return "management API at "
          + base
          + " refused "
          + user
          + " (401 "
          + reason
          + "): check WARREN_MGMT_USER and WARREN_MGMT_PASSWORD";
    }
    if (status == 401 || status == 403) {
      return method
          + " "
          + uri
          + " was refused for "
          + user
          + " ("
          + status
          + " "
          + reason
          + "): the user needs the administrator tag and permissions on the vhost";
    }
    return method + " " + uri + " failed with " + status + ": " + reason;
  }

  private static String reasonIn(String body) {
    try {
      JsonNode error = JSON.readTree(body);
      String reason = error.path("reason").asText("");
      return reason.isEmpty() ? error.path("error").asText(body) : reason;
    } catch (JsonProcessingException | RuntimeException e) {
      return body == null || body.isBlank() ? "no reason given" : body.strip();
    }
  }

  private static String toJson(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write request body as JSON: " + body, e);
    }
  }
}
