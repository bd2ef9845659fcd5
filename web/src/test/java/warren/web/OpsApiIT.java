package warren.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static warren.testkit.Conditions.waitUntil;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.contracts.store.PostIds;
import warren.testkit.IsolatedVhost;
import warren.testkit.TestDatabase;
import warren.web.ApiClient.Answer;

/**
 * The ops API of API.md against the running system: auth, store and notify workers, web, and real
 * failures in store's dead-letter queue.
 */
class OpsApiIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  static final String DLQ = "store.create-post.dlq";
  static final String BASE = "/api/v1/ops/dead-letters/";

  private static WebFixture app;
  private static ApiClient api;
  private static String admin;
  private static String someone;

  @BeforeAll
  static void start() {
    app = new WebFixture(broker).workers(db).notify(db, true);
    api = new ApiClient(app.web().port());
    admin = api.signUpAndLogIn(WebFixture.ADMIN);
    someone = api.signUpAndLogIn("someone");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void every_ops_endpoint_is_401_anonymous_403_for_others_and_200_for_admins_and_the_ops_token() {
    List<String[]> routes = new ArrayList<>();
    routes.add(new String[] {"GET", "/api/v1/ops/queues"});
    routes.add(new String[] {"GET", "/api/v1/ops/dead-letters"});
    routes.add(new String[] {"GET", BASE + DLQ});
    routes.add(new String[] {"GET", BASE + DLQ + "/groups"});
    routes.add(new String[] {"POST", BASE + DLQ + "/replay?dryRun=true"});
    routes.add(new String[] {"POST", BASE + "store.follow.dlq/discard"});
    routes.add(new String[] {"GET", "/api/v1/ops/graph"});
    routes.add(new String[] {"GET", "/api/v1/ops/scaling"});
    routes.add(new String[] {"GET", "/ops"});
    for (String[] route : routes) {
      Object body = route[0].equals("POST") ? Map.of("all", true) : null;
      String what = route[0] + " " + route[1];
      assertEquals(401, api.send(route[0], route[1], body, null, Map.of()).status(), what);
      Answer forbidden = api.send(route[0], route[1], body, someone, Map.of());
      assertEquals(403, forbidden.status(), what);
      assertEquals("forbidden", forbidden.error(), what);
      for (String token : List.of(admin, WebFixture.OPS_TOKEN)) {
        Answer ok = api.send(route[0], route[1], body, token, Map.of());
        assertEquals(200, ok.status(), what + ": " + ok);
      }
    }
  }

  @Test
  void
      unreadable_command_shows_with_its_reason_groups_and_plan_then_replay_moves_it_and_discard_removes_it() {
    String before = api.get(BASE + DLQ, admin).toString();
    broker.publishRaw(
        "warren.commands",
        "store.create-post",
        "{this is not json".getBytes(StandardCharsets.UTF_8),
        Map.of());
    JsonNode letter = waitForLetter(l -> l.path("body").asText().equals("{this is not json"));
    String id = letter.path("id").asText();
    assertEquals("unreadable", letter.path("reason").asText(), letter.toString());
    assertEquals("warren.commands", letter.path("originalExchange").asText());
    assertEquals("store.create-post", letter.path("originalRoutingKey").asText());
    assertFalse(letter.path("error").path("errorClass").asText().isBlank(), letter.toString());
    assertEquals(1, letter.path("attempts").asInt());
    assertNotNull(Instant.parse(letter.path("firstDeadAt").asText()));
    assertTrue(letter.path("headers").isObject());
    assertEquals(
        List.of(
            "id",
            "originalExchange",
            "originalRoutingKey",
            "reason",
            "error",
            "attempts",
            "firstDeadAt",
            "headers",
            "body"),
        fields(letter));
    // Reading removed nothing.
    assertEquals(letterIds(), letterIds());

    JsonNode queues = api.get("/api/v1/ops/dead-letters", admin).json();
    JsonNode row = find(queues, "queue", DLQ);
    assertEquals(List.of("queue", "count"), fields(row));
    assertTrue(row.path("count").asLong() >= 1, queues.toString());

    JsonNode groups = api.get(BASE + DLQ + "/groups", admin).json();
    String groupKey = letter.path("error").path("errorClass").asText() + "@store.create-post";
    JsonNode group = find(groups, "group", groupKey);
    assertEquals(
        List.of("group", "errorClass", "endpoint", "count", "firstSeen", "lastSeen"),
        fields(group));
    assertEquals("store.create-post", group.path("endpoint").asText());

    Answer plan = api.post(BASE + DLQ + "/replay?dryRun=true", Map.of("ids", List.of(id)), admin);
    assertEquals(200, plan.status(), plan::toString);
    assertEquals(0, plan.json().path("replayed").asInt());
    JsonNode step = plan.json().path("plan").get(0);
    assertEquals(id, step.path("id").asText());
    assertEquals("warren.commands", step.path("exchange").asText());
    assertEquals("store.create-post", step.path("routingKey").asText());
    assertTrue(letterIds().contains(id), "a dry run moves nothing");

    Answer replayed = api.post(BASE + DLQ + "/replay", Map.of("ids", List.of(id)), admin);
    assertEquals(200, replayed.status(), replayed::toString);
    assertEquals(1, replayed.json().path("replayed").asInt());
    assertFalse(replayed.json().has("plan"), replayed.toString());
    // Still garbage: it fails again and comes back as a repeated failure.
    JsonNode again =
        waitForLetter(
            l ->
                l.path("id").asText().equals(id) && l.path("headers").has("x-warren-replay-count"));
    assertEquals(1, again.path("headers").path("x-warren-replay-count").asInt(), again.toString());

    Answer discarded = api.post(BASE + DLQ + "/discard", Map.of("ids", List.of(id)), admin);
    assertEquals(200, discarded.status(), discarded::toString);
    assertEquals(1, discarded.json().path("discarded").asInt());
    assertFalse(letterIds().contains(id), before);
  }

  @Test
  void a_fixed_command_replayed_is_applied_once_even_when_replayed_twice() {
    String userId = api.get("/api/v1/me", admin).json().path("id").asText();
    String postId = PostIds.systemDefault().newId();
    String command =
        "{\"postId\":\""
            + postId
            + "\",\"authorId\":\""
            + userId
            + "\",\"authorName\":\"root\",\"text\":\"back from the dead\",\"createdAt\":\""
            + Instant.now()
            + "\"}";
    // As store dead-letters a command whose retries ran out (the database was down, say).
    for (int copy = 0; copy < 2; copy++) {
      broker.withChannel(
          channel -> {
            channel.confirmSelect();
            channel.basicPublish(
                "warren.dlx",
                "store.create-post",
                new com.rabbitmq.client.AMQP.BasicProperties.Builder()
                    .deliveryMode(2)
                    .messageId("fixed-" + postId)
                    .contentType("application/json")
                    .headers(
                        Map.of(
                            "x-warren-reason", "failed",
                            "x-warren-error-class", "org.postgresql.util.PSQLException",
                            "x-warren-error-message", "Connection refused",
                            "x-warren-attempt", 4,
                            "x-warren-original-exchange", "warren.commands",
                            "x-warren-original-routing-key", "store.create-post",
                            "x-warren-first-dead-at", Instant.now().toString()))
                    .build(),
                command.getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(5000);
            return null;
          });
    }
    String group = "org.postgresql.util.PSQLException@store.create-post";
    waitUntil(
        Duration.ofSeconds(10),
        () ->
            find(api.get(BASE + DLQ + "/groups", admin).json(), "group", group) != null
                && find(api.get(BASE + DLQ + "/groups", admin).json(), "group", group)
                        .path("count")
                        .asInt()
                    == 2);

    Answer replayed = api.post(BASE + DLQ + "/replay", Map.of("group", group), admin);
    assertEquals(200, replayed.status(), replayed::toString);
    assertEquals(2, replayed.json().path("replayed").asInt());
    waitUntil(
        Duration.ofSeconds(10),
        () -> api.get("/api/v1/posts/" + postId, admin).status() == 200,
        "the replayed post is stored");
    assertEquals(
        "back from the dead",
        api.get("/api/v1/posts/" + postId, admin).json().path("text").asText());
    JsonNode page = api.get("/api/v1/users/root/posts?limit=100", admin).json().path("posts");
    long copies = 0;
    for (JsonNode post : page) {
      copies += post.path("id").asText().equals(postId) ? 1 : 0;
    }
    assertEquals(1, copies, "two replays of one message id apply once: " + page);
    assertFalse(letterIds().contains("fixed-" + postId));
  }

  @Test
  void an_unknown_queue_or_id_or_group_is_404_and_a_bad_body_400() {
    assertEquals("not_found", api.get(BASE + "nowhere.dlq", admin).error());
    assertEquals(404, api.get(BASE + "nowhere.dlq/groups", admin).status());
    assertEquals(404, api.get(BASE + "store.create-post", admin).status());
    Answer unknownId = api.post(BASE + DLQ + "/replay", Map.of("ids", List.of("no-such")), admin);
    assertEquals(404, unknownId.status(), unknownId::toString);
    assertEquals("not_found", unknownId.error());
    assertEquals(
        404, api.post(BASE + DLQ + "/discard", Map.of("ids", List.of("x")), admin).status());
    assertEquals(
        404, api.post(BASE + DLQ + "/replay", Map.of("group", "No@where"), admin).status());
    assertEquals(404, api.post(BASE + "nowhere.dlq/replay", Map.of("all", true), admin).status());
    for (Object bad :
        List.of(
            Map.of("ids", List.of()),
            Map.of("ids", "one"),
            Map.of("all", false),
            Map.of(),
            Map.of("ids", List.of("a"), "all", true),
            "[1]",
            "{not json")) {
      Answer answer = api.post(BASE + DLQ + "/replay", bad, admin);
      assertEquals(400, answer.status(), bad + ": " + answer);
    }
    assertEquals(400, api.get(BASE + DLQ + "?limit=0", admin).status());
  }

  @Test
  void the_graph_of_the_running_system_has_the_five_edges_and_nodes_with_replicas() {
    String token = api.signUpAndLogIn("grapher");
    try (EventStreamClient stream =
        new EventStreamClient(api.http(), api.base().resolve("/api/v1/stream"), token)) {
      assertEquals(200, stream.status);
      Set<String> wanted =
          Set.of(
              "web-rpc->auth",
              "web-rpc->store",
              "web-command->store",
              "store-event->notify",
              "notify-notify->web");
      Set<String> seen = Set.of();
      for (Instant end = Instant.now().plusSeconds(15); Instant.now().isBefore(end); ) {
        seen = edges();
        if (seen.containsAll(wanted)) {
          break;
        }
        warren.testkit.Conditions.sleep(200);
      }
      assertTrue(seen.containsAll(wanted), "the five edges of the running system, have " + seen);
    }
    JsonNode graph = api.get("/api/v1/ops/graph", admin).json();
    JsonNode store = find(graph.path("nodes"), "id", "store");
    assertEquals(List.of("id", "kind", "replicas"), fields(store));
    assertEquals("service", store.path("kind").asText());
    assertTrue(store.path("replicas").asInt() >= 1, graph.toString());
    JsonNode edge = graph.path("edges").get(0);
    assertEquals(List.of("from", "to", "via", "kind", "rate"), fields(edge));
    assertTrue(edge.path("rate").isNumber());
  }

  @Test
  void scaling_rows_have_the_api_fields_and_the_gauges_are_on_metrics() {
    JsonNode rows = api.get("/api/v1/ops/scaling", WebFixture.OPS_TOKEN).json();
    JsonNode store = find(rows, "service", "store");
    assertNotNull(store, rows.toString());
    assertEquals(
        List.of(
            "service",
            "queue",
            "depth",
            "consumers",
            "arrivalRate",
            "processingMs",
            "desiredReplicas",
            "reason"),
        fields(store));
    assertTrue(store.path("desiredReplicas").asInt() >= 1);
    assertFalse(store.path("reason").asText().isBlank());
    String metrics = api.get("/metrics", null).response().body();
    assertTrue(
        metrics.contains("warren_scaling_desired_replicas{service=\"store\"}"),
        "scaling gauges on web's /metrics");
  }

  private static Set<String> edges() {
    Set<String> edges = new java.util.TreeSet<>();
    for (JsonNode e : api.get("/api/v1/ops/graph", admin).json().path("edges")) {
      edges.add(
          e.path("from").asText() + "-" + e.path("kind").asText() + "->" + e.path("to").asText());
    }
    return edges;
  }

  private static JsonNode waitForLetter(java.util.function.Predicate<JsonNode> which) {
    JsonNode[] found = new JsonNode[1];
    waitUntil(
        Duration.ofSeconds(15),
        () -> {
          Answer answer = api.get(BASE + DLQ, admin);
          if (answer.status() != 200) {
            return false;
          }
          for (JsonNode l : answer.json()) {
            if (which.test(l)) {
              found[0] = l;
              return true;
            }
          }
          return false;
        },
        "the dead letter in " + DLQ);
    return found[0];
  }

  private static List<String> letterIds() {
    List<String> ids = new ArrayList<>();
    api.get(BASE + DLQ, admin).json().forEach(l -> ids.add(l.path("id").asText()));
    return ids;
  }

  private static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode row : array) {
      if (row.path(field).asText().equals(value)) {
        return row;
      }
    }
    return null;
  }

  private static List<String> fields(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
