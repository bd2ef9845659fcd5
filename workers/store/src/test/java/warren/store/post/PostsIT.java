package warren.store.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.contracts.store.CreatePost;
import warren.contracts.store.GetPost;
import warren.contracts.store.Post;
import warren.contracts.store.PostCreated;
import warren.contracts.store.StoreApi;
import warren.messaging.BatchCommandHandler.Delivered;
import warren.messaging.ServiceError;
import warren.store.StoreFixture;
import warren.store.StoreFixture.User;
import warren.store.StoreTestDatabase;
import warren.store.TestMessageContext;

class PostsIT {
  @RegisterExtension static final StoreTestDatabase db = new StoreTestDatabase();

  private final StoreFixture store = new StoreFixture(db.transactions());
  private final CreatePostHandler createPost =
      new CreatePostHandler(db.transactions(), store.events);
  private final GetPostHandler getPost = new GetPostHandler(db.transactions());

  @Test
  void a_created_post_reads_back_with_its_author_text_and_time() throws Exception {
    User alice = store.signUp("alice");
    Instant at = Instant.parse("2026-03-01T10:15:30.123456789Z");
    String id = store.post(alice, "hello \uD83D\uDC07 warren", at);

    Post post = getPost.handle(new GetPost(id), context());

    Post expected =
        new Post(
            id,
            alice.name(),
            "hello \uD83D\uDC07 warren",
            Instant.parse("2026-03-01T10:15:30.123456Z"));
    assertEquals(expected, post);
    assertEquals(
        List.of(new PostCreated(expected, alice.id())), store.events.of(PostCreated.class));
  }

  @Test
  void the_same_post_id_twice_stores_one_post_and_keeps_the_first_text() throws Exception {
    User bob = store.signUp("bob");
    Instant at = Instant.parse("2026-03-01T10:00:00Z");
    CreatePost first = new CreatePost("same-id-" + bob.id(), bob.id(), bob.name(), "first", at);
    CreatePost again =
        new CreatePost(first.postId(), bob.id(), bob.name(), "second", at.plusSeconds(5));

    createPost.handle(first, context());
    createPost.handle(again, context());

    assertEquals("first", getPost.handle(new GetPost(first.postId()), context()).text());
    assertEquals(
        1, db.count("SELECT count(*) FROM store.posts WHERE author_id = '" + bob.id() + "'"));
    assertEquals(1, store.events.of(PostCreated.class).size());
  }

  @Test
  void a_redelivered_post_publishes_its_event_again_with_the_stored_post() throws Exception {
    User carol = store.signUp("carol");
    CreatePost command =
        new CreatePost(
            "redelivered-" + carol.id(), carol.id(), carol.name(), "once", Instant.now());
    TestMessageContext delivery = context();

    createPost.handle(command, delivery);
    createPost.handle(command, delivery.redelivery());

    List<PostCreated> events = store.events.of(PostCreated.class);
    assertEquals(2, events.size());
    assertEquals(events.get(0), events.get(1));
  }

  @Test
  void an_author_the_store_never_saw_is_recorded_from_the_command() throws Exception {
    User stranger = new User("never-signed-up", "stranger_1");
    String id = store.post(stranger, "hi", Instant.now());
    assertEquals("stranger_1", getPost.handle(new GetPost(id), context()).author());
  }

  @Test
  void text_over_141_code_points_is_invalid_text_and_stores_nothing() throws Exception {
    User dave = store.signUp("dave");
    String tooLong = "\uD83D\uDC07".repeat(142);
    CreatePost command = new CreatePost("too-long", dave.id(), dave.name(), tooLong, Instant.now());

    ServiceError error =
        assertThrows(ServiceError.class, () -> createPost.handle(command, context()));

    assertEquals(StoreApi.INVALID_TEXT, error.code());
    assertEquals(0, db.count("SELECT count(*) FROM store.posts WHERE id = 'too-long'"));
  }

  @Test
  void an_emoji_post_of_exactly_141_code_points_is_accepted() throws Exception {
    User erin = store.signUp("erin");
    String id = store.post(erin, "\uD83D\uDC07".repeat(141), Instant.now());
    assertEquals(282, getPost.handle(new GetPost(id), context()).text().length());
  }

  @Test
  void an_unknown_post_id_is_not_found() {
    ServiceError error =
        assertThrows(ServiceError.class, () -> getPost.handle(new GetPost("nope"), context()));
    assertEquals(StoreApi.NOT_FOUND, error.code());
  }

  @Test
  void a_batch_stores_its_posts_in_one_transaction_and_announces_each_with_the_stored_post()
      throws Exception {
    User fay = store.signUp("fay");
    User stranger = new User("batch-stranger", "stranger_2");
    Instant at = Instant.parse("2026-03-02T08:00:00.000000999Z");
    String before = store.post(fay, "stored before", at);
    CreatePost one = new CreatePost("batch-1", fay.id(), fay.name(), "one", at);
    CreatePost two = new CreatePost("batch-2", stranger.id(), stranger.name(), "two", at);
    CreatePost oneAgain = new CreatePost("batch-1", fay.id(), fay.name(), "later", at);
    CreatePost old = new CreatePost(before, fay.id(), fay.name(), "changed?", at);
    store.events.clear();

    createPost.handle(
        List.of(
            new Delivered<>(one, context()),
            new Delivered<>(two, context()),
            new Delivered<>(oneAgain, context()),
            new Delivered<>(old, context().redelivery())));

    assertEquals("one", getPost.handle(new GetPost("batch-1"), context()).text());
    assertEquals("two", getPost.handle(new GetPost("batch-2"), context()).text());
    assertEquals("stranger_2", getPost.handle(new GetPost("batch-2"), context()).author());
    assertEquals("stored before", getPost.handle(new GetPost(before), context()).text());
    // One event per post the batch stored, plus the redelivered one (its event may have been lost),
    // each with the post as stored; the second batch-1 changed nothing and announces nothing.
    List<String> announced =
        store.events.of(PostCreated.class).stream()
            .map(e -> e.post().id() + ":" + e.post().text())
            .toList();
    assertEquals(List.of("batch-1:one", "batch-2:two", before + ":stored before"), announced);
    assertEquals(
        Instant.parse("2026-03-02T08:00:00Z"),
        store.events.of(PostCreated.class).get(0).post().createdAt());
  }

  @Test
  void an_invalid_text_in_a_batch_stores_nothing_of_the_batch() throws Exception {
    User gil = store.signUp("gil");
    CreatePost good = new CreatePost("batch-good", gil.id(), gil.name(), "fine", Instant.now());
    CreatePost bad =
        new CreatePost("batch-bad", gil.id(), gil.name(), "x".repeat(142), Instant.now());
    store.events.clear();

    ServiceError error =
        assertThrows(
            ServiceError.class,
            () ->
                createPost.handle(
                    List.of(new Delivered<>(good, context()), new Delivered<>(bad, context()))));

    assertEquals(StoreApi.INVALID_TEXT, error.code());
    assertEquals(0, db.count("SELECT count(*) FROM store.posts WHERE id LIKE 'batch-%d'"));
    assertEquals(List.of(), store.events.of(PostCreated.class));
  }

  private static TestMessageContext context() {
    return TestMessageContext.firstDelivery("store.test");
  }
}
