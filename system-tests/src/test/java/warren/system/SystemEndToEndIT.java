package warren.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 4 end to end, with real processes: {@code ./warren up --scale web=2} (web on two ports, its
 * own database and vhost), two users each streaming from a different web replica.
 */
class SystemEndToEndIT {
  static RunningSystem system;
  static ApiClient web1;
  static ApiClient web2;

  @BeforeAll
  static void startTheSystem() throws Exception {
    system =
        RunningSystem.start(
            new RunningSystem.Options(
                Map.of("web", 2),
                Map.of(),
                "warren_e2e",
                "warren-e2e",
                12_000,
                Path.of("target/e2e-system.log")));
    Secrets secrets = new Secrets();
    web1 = new ApiClient(system.web(1), secrets);
    web2 = new ApiClient(system.web(2), secrets);
  }

  @AfterAll
  static void stopTheSystem() {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void each_users_stream_on_its_own_web_replica_gets_a_followed_post_once_and_no_unfollowed_one()
      throws Exception {
    String run = "e" + UUID.randomUUID().toString().substring(0, 6);
    ApiClient.Session alice = web1.signUpAndLogIn(run + "_alice", "pw-" + UUID.randomUUID());
    ApiClient.Session bob = web2.signUpAndLogIn(run + "_bob", "pw-" + UUID.randomUUID());
    ApiClient.Session carol = web1.signUpAndLogIn(run + "_carol", "pw-" + UUID.randomUUID());
    web1.follow(alice, bob.username()).expect(204);
    web1.follow(alice, carol.username()).expect(204);
    web1.unfollow(alice, carol.username()).expect(204);
    web2.follow(bob, alice.username()).expect(204);

    try (EventStream aliceStream = web1.stream(alice);
        EventStream bobStream = web2.stream(bob)) {
      assertEquals(200, aliceStream.awaitConnected(Duration.ofSeconds(10)));
      assertEquals(200, bobStream.awaitConnected(Duration.ofSeconds(10)));
      // Follows travel as commands and events; wait until each stream delivers a probe.
      awaitDelivery(web2, bob, aliceStream, run + " probe from bob");
      awaitDelivery(web1, alice, bobStream, run + " probe from alice");

      String fromBob = run + " hello from bob";
      String fromAlice = run + " hello from alice";
      String fromCarol = run + " carol, unfollowed";
      String bobsId = web2.post(bob, fromBob, run + "-b").expect(202).json().path("id").asText();
      web1.post(alice, fromAlice, run + "-a").expect(202);
      web1.post(carol, fromCarol, run + "-c").expect(202);
      // Same key again: the same post, not a second one.
      assertEquals(
          bobsId, web2.post(bob, fromBob, run + "-b").expect(202).json().path("id").asText());

      assertTrue(
          Waiting.until(
              Duration.ofSeconds(10),
              () -> count(aliceStream, fromBob) >= 1 && count(bobStream, fromAlice) >= 1),
          "each stream receives the followed user's post");
      Waiting.pause(Duration.ofSeconds(2)); // room for a duplicate or a stray post to arrive
      assertEquals(1, count(aliceStream, fromBob), "alice gets bob's post exactly once");
      assertEquals(1, count(bobStream, fromAlice), "bob gets alice's post exactly once");
      assertEquals(0, count(aliceStream, fromCarol), "alice unfollowed carol");
      assertEquals(0, count(bobStream, fromCarol), "bob never followed carol");
      assertEquals(0, count(bobStream, fromBob), "bob's own post is not pushed to him");
    }

    List<String> timeline = texts(web1.timeline(alice));
    assertTrue(timeline.contains(run + " hello from bob"), "alice's timeline has bob's post");
    assertTrue(timeline.contains(run + " hello from alice"), "and her own");
    assertTrue(!timeline.contains(run + " carol, unfollowed"), "but not carol's");
    assertEquals(1, timeline.stream().filter(t -> t.equals(run + " hello from bob")).count());
    JsonNode post = web2.get("/api/v1/posts/" + findId(web1.timeline(alice), run), null).json();
    assertEquals(bob.username(), post.path("author").asText());
  }

  /** Posts {@code text} (numbered) every half second until {@code stream} received one. */
  private static void awaitDelivery(
      ApiClient api, ApiClient.Session author, EventStream stream, String text) {
    for (int i = 0; i < 16; i++) {
      api.post(author, text + " " + i, null).expect(202);
      if (Waiting.until(
          Duration.ofMillis(1500),
          () -> stream.posts().stream().anyMatch(p -> p.path("text").asText().startsWith(text)))) {
        return;
      }
    }
    throw new AssertionError("no '" + text + "' arrived on the stream within 24 s");
  }

  private static long count(EventStream stream, String text) {
    return stream.posts().stream().filter(p -> p.path("text").asText().equals(text)).count();
  }

  private static List<String> texts(List<JsonNode> posts) {
    return posts.stream().map(p -> p.path("text").asText()).toList();
  }

  private static String findId(List<JsonNode> posts, String run) {
    return posts.stream()
        .filter(p -> p.path("text").asText().equals(run + " hello from bob"))
        .findFirst()
        .orElseThrow()
        .path("id")
        .asText();
  }
}
