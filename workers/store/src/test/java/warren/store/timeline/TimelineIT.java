package warren.store.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.contracts.store.Post;
import warren.contracts.store.PostPage;
import warren.contracts.store.Timeline;
import warren.store.StoreFixture;
import warren.store.StoreFixture.User;
import warren.store.StoreTestDatabase;
import warren.store.TestMessageContext;

class TimelineIT {
  @RegisterExtension static final StoreTestDatabase db = new StoreTestDatabase();

  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  private final StoreFixture store = new StoreFixture(db.transactions());
  private final TimelineHandler timeline = new TimelineHandler(db.transactions());

  @Test
  void the_timeline_has_own_and_followees_posts_only_newest_first() throws Exception {
    User alice = store.signUp("alice");
    User bob = store.signUp("bob");
    User carol = store.signUp("carol");
    store.follow(alice, bob);
    String own = store.post(alice, "mine", START);
    String followed = store.post(bob, "bob's", START.plusSeconds(1));
    store.post(carol, "not followed", START.plusSeconds(2));

    PostPage page = timeline.handle(new Timeline(alice.id(), null, null), context());

    assertEquals(List.of(followed, own), ids(page.posts()));
    assertNull(page.next());
  }

  @Test
  void paging_45_posts_by_20_gives_20_20_5_without_duplicates_or_gaps_despite_equal_times()
      throws Exception {
    User reader = store.signUp("reader");
    User followedOne = store.signUp("one");
    User followedTwo = store.signUp("two");
    User stranger = store.signUp("stranger");
    store.follow(reader, followedOne);
    store.follow(reader, followedTwo);
    List<User> authors = List.of(reader, followedOne, followedTwo);
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 45; i++) {
      // Three posts share each timestamp, so page boundaries fall inside a group of equal times.
      Instant at = START.plusSeconds(i / 3);
      expected.add(store.post(authors.get(i % 3), "post " + i, at));
      if (i % 5 == 0) {
        store.post(stranger, "noise " + i, at);
      }
    }

    List<Integer> sizes = new ArrayList<>();
    List<Post> seen = new ArrayList<>();
    String before = null;
    do {
      PostPage page = timeline.handle(new Timeline(reader.id(), 20, before), context());
      sizes.add(page.posts().size());
      seen.addAll(page.posts());
      before = page.next();
    } while (before != null);

    assertEquals(List.of(20, 20, 5), sizes);
    assertEquals(45, new HashSet<>(ids(seen)).size(), "no duplicates");
    assertEquals(expected, new HashSet<>(ids(seen)), "no gaps, no strangers");
    Comparator<Post> newestFirst =
        Comparator.comparing(Post::createdAt).thenComparing(Post::id).reversed();
    assertEquals(seen.stream().sorted(newestFirst).toList(), seen, "newest first");
  }

  @Test
  void a_full_last_page_still_says_there_is_no_next() throws Exception {
    User solo = store.signUp("solo");
    for (int i = 0; i < 4; i++) {
      store.post(solo, "post " + i, START.plusSeconds(i));
    }
    PostPage first = timeline.handle(new Timeline(solo.id(), 2, null), context());
    assertNotNull(first.next());
    PostPage second = timeline.handle(new Timeline(solo.id(), 2, first.next()), context());
    assertEquals(2, second.posts().size());
    assertNull(second.next());
  }

  @Test
  void unfollowing_removes_the_followees_posts_from_the_timeline() throws Exception {
    User dave = store.signUp("dave");
    User erin = store.signUp("erin");
    store.follow(dave, erin);
    String erinsPost = store.post(erin, "hello dave", START);
    assertTrue(
        ids(timeline.handle(new Timeline(dave.id(), null, null), context()).posts())
            .contains(erinsPost));

    store.unfollow(dave, erin);

    assertEquals(
        List.of(), timeline.handle(new Timeline(dave.id(), null, null), context()).posts());
  }

  @Test
  void a_user_the_store_never_saw_has_an_empty_timeline() throws Exception {
    assertEquals(PostPage.empty(), timeline.handle(new Timeline("nobody", null, null), context()));
  }

  private static List<String> ids(List<Post> posts) {
    return posts.stream().map(Post::id).toList();
  }

  private static TestMessageContext context() {
    return TestMessageContext.firstDelivery("store.timeline");
  }
}
