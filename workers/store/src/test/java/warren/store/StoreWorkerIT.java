package warren.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.GetResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.contracts.auth.AuthEvents;
import warren.contracts.auth.UserSignedUp;
import warren.contracts.store.CreatePost;
import warren.contracts.store.Follow;
import warren.contracts.store.Post;
import warren.contracts.store.PostCreated;
import warren.contracts.store.PostPage;
import warren.contracts.store.Search;
import warren.contracts.store.StoreApi;
import warren.contracts.store.StoreEvents;
import warren.contracts.store.Timeline;
import warren.contracts.store.UserCounts;
import warren.contracts.store.UserPage;
import warren.messaging.RemoteException;
import warren.messaging.ReplyStream;
import warren.messaging.Warren;
import warren.messaging.WarrenConfig;
import warren.testkit.Conditions;
import warren.testkit.IsolatedVhost;
import warren.testkit.TestBroker;
import warren.testkit.TestDatabase;

/**
 * The store worker started in-process: users arrive as {@code user.signed-up}, commands and queries
 * come over AMQP the way web sends them, events go out after commit.
 */
class StoreWorkerIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();
  @RegisterExtension static final TestDatabase database = new TestDatabase();

  static StoreWorker store;
  static Warren web;
  static Warren auth;
  static final List<PostCreated> postsCreated = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    store = StoreWorker.start(StoreWorker.Settings.forTest(broker.amqpUri(), database.jdbcUrl()));
    web = Warren.connect(WarrenConfig.builder().service("web").uri(broker.amqpUri()).build());
    auth = Warren.connect(WarrenConfig.builder().service("auth").uri(broker.amqpUri()).build());
    auth.subscribe("auth.probe", StoreEvents.POST_CREATED, (e, ctx) -> postsCreated.add(e));
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {auth, web, store}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  record User(String id, String name) {}

  static User signUp(String prefix) {
    User user = new User(UUID.randomUUID().toString(), prefix + "_" + shortId());
    auth.publish(AuthEvents.USER_SIGNED_UP, new UserSignedUp(user.id(), user.name()));
    Conditions.waitUntil(
        Duration.ofSeconds(5),
        () -> {
          try {
            web.call(StoreApi.USER_PAGE, new UserPage(user.name()));
            return true;
          } catch (RemoteException e) {
            return false;
          }
        },
        "store knows " + user.name());
    return user;
  }

  static String post(User author, String text) {
    String id = UUID.randomUUID().toString();
    web.send(
        StoreApi.CREATE_POST, new CreatePost(id, author.id(), author.name(), text, Instant.now()));
    return id;
  }

  @Test
  void a_followed_users_post_reaches_the_followers_timeline_and_is_announced() {
    User ada = signUp("ada");
    User bob = signUp("bob");
    web.send(StoreApi.FOLLOW, new Follow(bob.id(), bob.name(), ada.name(), Instant.now()));
    Conditions.waitUntil(
        Duration.ofSeconds(5),
        () -> web.call(StoreApi.USER_PAGE, new UserPage(ada.name())).followers() == 1,
        "bob follows ada");
    String id = post(ada, "hello from the warren");
    Conditions.waitUntil(
        Duration.ofSeconds(5),
        () -> !web.call(StoreApi.TIMELINE, new Timeline(bob.id(), null, null)).posts().isEmpty(),
        "the post on bob's timeline");
    Post seen = web.call(StoreApi.TIMELINE, new Timeline(bob.id(), null, null)).posts().get(0);
    assertEquals(id, seen.id());
    assertEquals(ada.name(), seen.author());
    assertEquals(
        new UserCounts(ada.name(), 1, 0, 1),
        web.call(StoreApi.USER_PAGE, new UserPage(ada.name())));
    Conditions.waitUntil(
        Duration.ofSeconds(5),
        () ->
            postsCreated.stream()
                .anyMatch(e -> e.post().id().equals(id) && e.authorId().equals(ada.id())),
        "post.created for the post");
  }

  @Test
  void posts_sent_at_once_are_each_stored_and_announced_once_and_an_invalid_one_is_dead_lettered()
      throws Exception {
    User di = signUp("di");
    int senders = 8;
    int perSender = 25;
    List<String> ids = new CopyOnWriteArrayList<>();
    try (var threads = Executors.newFixedThreadPool(senders)) {
      for (int t = 0; t < senders; t++) {
        int sender = t;
        threads.submit(
            () -> {
              for (int i = 0; i < perSender; i++) {
                boolean invalid = sender == 3 && i == 10;
                String id = post(di, invalid ? "x".repeat(142) : "at once " + sender + "/" + i);
                if (!invalid) {
                  ids.add(id);
                }
              }
              return null;
            });
      }
    }
    int stored = senders * perSender - 1;
    Conditions.waitUntil(
        Duration.ofSeconds(20),
        () -> web.call(StoreApi.USER_PAGE, new UserPage(di.name())).posts() == stored,
        stored + " posts stored");
    Conditions.waitUntil(
        Duration.ofSeconds(10),
        () -> broker.queueDepth("store.create-post.dlq") == 1,
        "the invalid post dead-lettered");
    GetResponse dead = broker.take("store.create-post.dlq");
    Map<String, Object> h = dead.getProps().getHeaders();
    assertEquals("rejected", String.valueOf(h.get("x-warren-reason")));
    assertEquals(StoreApi.INVALID_TEXT, String.valueOf(h.get("x-warren-error-code")));
    Conditions.waitUntil(
        Duration.ofSeconds(10),
        () -> postsCreated.stream().filter(e -> e.authorId().equals(di.id())).count() >= stored,
        "post.created for each");
    Thread.sleep(300);
    Map<String, Long> announced =
        postsCreated.stream()
            .filter(e -> e.authorId().equals(di.id()))
            .collect(Collectors.groupingBy(e -> e.post().id(), Collectors.counting()));
    assertEquals(Set.copyOf(ids), announced.keySet());
    assertTrue(announced.values().stream().allMatch(n -> n == 1), "each announced once");
  }

  @Test
  void a_follow_of_a_user_the_store_has_not_heard_of_is_stored_with_the_id_auth_gave() {
    User eli = signUp("eli");
    User fay = new User(UUID.randomUUID().toString(), "fay_" + shortId()); // no user.signed-up
    web.send(
        StoreApi.FOLLOW, new Follow(eli.id(), eli.name(), fay.id(), fay.name(), Instant.now()));
    Conditions.waitUntil(
        Duration.ofSeconds(5),
        () -> {
          try {
            return web.call(StoreApi.USER_PAGE, new UserPage(fay.name())).followers() == 1;
          } catch (RemoteException e) {
            return false;
          }
        },
        "eli follows fay");
    String id = post(fay, "first words");
    Conditions.waitUntil(
        Duration.ofSeconds(5),
        () -> !web.call(StoreApi.TIMELINE, new Timeline(eli.id(), null, null)).posts().isEmpty(),
        "fay's post on eli's timeline");
    assertEquals(
        id, web.call(StoreApi.TIMELINE, new Timeline(eli.id(), null, null)).posts().get(0).id());
  }

  @Test
  void a_follow_queued_before_commands_carried_the_followee_id_is_still_applied_by_name() {
    User gus = signUp("gus");
    User hal = signUp("hal");
    // The JSON a web of before followeeId sent, as it may still wait in store.follow or its DLQ.
    String old =
        "{\"followerId\":\""
            + gus.id()
            + "\",\"followerName\":\""
            + gus.name()
            + "\",\"followeeName\":\""
            + hal.name()
            + "\",\"issuedAt\":\"2026-11-27T20:00:00Z\"}";
    broker.publishRaw(
        "warren.commands", StoreApi.FOLLOW.name(), old.getBytes(StandardCharsets.UTF_8), Map.of());
    Conditions.waitUntil(
        Duration.ofSeconds(5),
        () -> web.call(StoreApi.USER_PAGE, new UserPage(hal.name())).followers() == 1,
        "gus follows hal");
    assertEquals(0, broker.queueDepth(StoreApi.FOLLOW.name() + ".dlq"));
  }

  @Test
  void an_unknown_user_page_is_not_found() {
    RemoteException e =
        assertThrows(
            RemoteException.class,
            () -> web.call(StoreApi.USER_PAGE, new UserPage("nobody_" + shortId())));
    assertEquals(StoreApi.NOT_FOUND, e.code());
  }

  @Test
  void search_streams_the_same_posts_as_the_page() throws Exception {
    User cy = signUp("cy");
    String word = "zq" + shortId().replaceAll("[0-9]", "x");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 13; i++) {
      ids.add(post(cy, word + " number " + i));
    }
    Conditions.waitUntil(
        Duration.ofSeconds(10),
        () -> web.call(StoreApi.SEARCH_PAGE, new Search(word, 50, null)).posts().size() == 13,
        "13 posts found");
    PostPage page = web.call(StoreApi.SEARCH_PAGE, new Search(word, 50, null));
    List<Post> streamed = new ArrayList<>();
    int chunks = 0;
    try (ReplyStream<PostPage> stream = web.stream(StoreApi.SEARCH, new Search(word, 50, null))) {
      while (stream.hasNext()) {
        streamed.addAll(stream.next().posts());
        chunks++;
      }
    }
    assertEquals(page.posts(), streamed);
    assertEquals(2, chunks);
  }

  @Test
  void readyz_is_200_with_the_broker_and_the_database_up() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + store.healthPort() + "/readyz"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
  }

  @Test
  void each_timeline_channel_may_hold_sixteen_reads_so_it_acks_four_at_a_time() {
    // The endpoint's first channel consumes from the start (earlier reads may have opened more);
    // the broker reports each channel's prefetch.
    Conditions.waitUntil(
        Duration.ofSeconds(10),
        () -> !timelinePrefetches().isEmpty(),
        "a consumer of store.timeline");
    List<Integer> prefetches = timelinePrefetches();
    assertFalse(prefetches.isEmpty(), "store.timeline's consumers went away");
    assertTrue(prefetches.stream().allMatch(p -> p == 16), "prefetch per channel: " + prefetches);
  }

  private static List<Integer> timelinePrefetches() {
    List<Integer> prefetches = new ArrayList<>();
    broker
        .management()
        .get("/api/consumers/" + TestBroker.encode(broker.vhost()))
        .forEach(
            consumer -> {
              if (StoreApi.TIMELINE.name().equals(consumer.path("queue").path("name").asText())) {
                prefetches.add(consumer.path("prefetch_count").asInt());
              }
            });
    return prefetches;
  }

  private static String shortId() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  }
}
