package warren.store.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.contracts.store.Post;
import warren.contracts.store.PostPage;
import warren.contracts.store.Search;
import warren.contracts.store.StoreApi;
import warren.messaging.ServiceError;
import warren.messaging.StreamHandler.ReplySink;
import warren.store.StoreFixture;
import warren.store.StoreFixture.User;
import warren.store.StoreTestDatabase;
import warren.store.TestMessageContext;

class SearchIT {
  @RegisterExtension static final StoreTestDatabase db = new StoreTestDatabase();

  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  private static String carrots;
  private static String rabbitHoles;
  private static String comparison;
  private static final List<String> warrenPosts = new ArrayList<>();

  private final SearchHandler search = new SearchHandler(db.transactions());

  @BeforeAll
  static void posts() throws Exception {
    StoreFixture store = new StoreFixture(db.transactions());
    User alice = store.signUp("alice");
    carrots = store.post(alice, "Carrots are GREAT, said the rabbit.", START);
    rabbitHoles = store.post(alice, "Down the rabbit hole we go", START.plusSeconds(1));
    store.post(alice, "nothing to see here", START.plusSeconds(2));
    comparison = store.post(alice, "when x<y and z>w, burrow", START.plusSeconds(3));
    record Posted(Instant at, String id) {}
    List<Posted> posted = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      // Two posts share each timestamp: their order is by id.
      Instant at = START.plusSeconds(10 + i / 2);
      posted.add(new Posted(at, store.post(alice, "warren number " + i, at)));
    }
    posted.stream()
        .sorted(Comparator.comparing(Posted::at).thenComparing(Posted::id).reversed())
        .forEach(p -> warrenPosts.add(p.id()));
  }

  @Test
  void search_finds_the_posts_containing_the_word_newest_first() throws Exception {
    assertEquals(List.of(rabbitHoles, carrots), ids(search("rabbit")));
  }

  @Test
  void search_ignores_case_and_punctuation() throws Exception {
    assertEquals(List.of(carrots), ids(search("great")));
    assertEquals(List.of(carrots), ids(search("RABBIT carrots")));
  }

  @Test
  void words_between_angle_brackets_are_found_like_any_other() throws Exception {
    assertEquals(List.of(comparison), ids(search("y")));
    assertEquals(List.of(comparison), ids(search("and z")));
    assertEquals(List.of(comparison), ids(search("x<y")));
  }

  @Test
  void every_word_must_match() throws Exception {
    assertEquals(List.of(rabbitHoles), ids(search("rabbit hole")));
    assertEquals(List.of(), ids(search("rabbit elephant")));
  }

  @Test
  void results_page_like_the_timeline() throws Exception {
    List<String> seen = new ArrayList<>();
    String before = null;
    do {
      PostPage page = search.handle(new Search("warren", 10, before), context());
      seen.addAll(ids(page.posts()));
      before = page.next();
    } while (before != null);
    assertEquals(warrenPosts, seen);
  }

  @Test
  void the_stream_sends_the_page_in_chunks_of_ten_each_with_a_cursor_after_itself()
      throws Exception {
    List<PostPage> chunks = new ArrayList<>();
    search.stream(new Search("warren", 25, null), sink(chunks, Integer.MAX_VALUE), context());

    assertEquals(List.of(10, 10, 5), chunks.stream().map(c -> c.posts().size()).toList());
    assertEquals(warrenPosts, chunks.stream().flatMap(c -> ids(c.posts()).stream()).toList());
    assertNull(chunks.get(2).next());
    PostPage afterFirstChunk =
        search.handle(new Search("warren", 10, chunks.get(0).next()), context());
    assertEquals(chunks.get(1).posts(), afterFirstChunk.posts());
  }

  @Test
  void the_stream_stops_when_the_caller_cancels() throws Exception {
    List<PostPage> chunks = new ArrayList<>();
    search.stream(new Search("warren", 25, null), sink(chunks, 1), context());
    assertEquals(1, chunks.size());
  }

  @Test
  void a_blank_query_is_invalid_query() {
    ServiceError error =
        assertThrows(
            ServiceError.class, () -> search.handle(new Search("  ", null, null), context()));
    assertEquals(StoreApi.INVALID_QUERY, error.code());
  }

  @Test
  void a_query_of_only_punctuation_finds_nothing_rather_than_failing() throws Exception {
    assertEquals(List.of(), search("!!! ---"));
  }

  private List<Post> search(String query) throws Exception {
    return search.handle(new Search(query, null, null), context()).posts();
  }

  /** Collects chunks; reports cancelled once {@code cancelAfter} chunks arrived. */
  private static ReplySink<PostPage> sink(List<PostPage> chunks, int cancelAfter) {
    return new ReplySink<>() {
      @Override
      public void emit(PostPage item) {
        chunks.add(item);
      }

      @Override
      public boolean cancelled() {
        return chunks.size() >= cancelAfter;
      }
    };
  }

  private static List<String> ids(List<Post> posts) {
    return posts.stream().map(Post::id).toList();
  }

  private static TestMessageContext context() {
    return TestMessageContext.firstDelivery("store.search");
  }
}
