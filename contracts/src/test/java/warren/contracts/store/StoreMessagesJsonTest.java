package warren.contracts.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreMessagesJsonTest {
  private final ObjectMapper json =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final Post post =
      new Post("p1", "alice", "hello \uD83D\uDC07", Instant.parse("2026-03-01T10:15:30.123456Z"));

  @Test
  void a_post_reads_as_the_http_api_describes_it() throws Exception {
    String text = json.writeValueAsString(post);
    assertEquals(
        "{\"id\":\"p1\",\"author\":\"alice\",\"text\":\"hello \uD83D\uDC07\","
            + "\"createdAt\":\"2026-03-01T10:15:30.123456Z\"}",
        text);
  }

  @Test
  void every_store_message_survives_a_round_trip() throws Exception {
    List<Object> messages =
        List.of(
            new CreatePost("p1", "u1", "alice", "hi", post.createdAt()),
            new Follow("u1", "alice", "u2", "bob", post.createdAt()),
            new Follow("u1", "alice", "bob", post.createdAt()),
            new Unfollow("u1", "alice", "u2", "bob", post.createdAt()),
            new Unfollow("u1", "alice", "bob", post.createdAt()),
            new GetPost("p1"),
            new Timeline("u1", 20, null),
            new UserPage("bob"),
            new UserPosts("bob", null, "cursor"),
            new Search("rabbit holes", 5, null),
            new PostPage(List.of(post), "cursor"),
            new UserCounts("bob", 1, 2, 3),
            new PostCreated(post, "u1"),
            new UserFollowed("u1", "alice", "u2", "bob"),
            new UserUnfollowed("u1", "alice", "u2", "bob"),
            new UserFollowed("u1", "alice", "u2", "bob", post.createdAt()),
            new UserUnfollowed("u1", "alice", "u2", "bob", post.createdAt()));
    for (Object message : messages) {
      Object back = json.readValue(json.writeValueAsBytes(message), message.getClass());
      assertEquals(message, back);
    }
  }

  @Test
  void follows_and_unfollows_sent_before_followee_id_existed_read_with_a_null_followee_id()
      throws Exception {
    String old =
        "{\"followerId\":\"u1\",\"followerName\":\"alice\",\"followeeName\":\"bob\","
            + "\"issuedAt\":\"2026-03-01T10:15:30.123456Z\"}";
    assertEquals(
        new Follow("u1", "alice", null, "bob", post.createdAt()),
        json.readValue(old, Follow.class));
    assertEquals(
        new Unfollow("u1", "alice", null, "bob", post.createdAt()),
        json.readValue(old, Unfollow.class));
  }

  @Test
  void a_page_without_next_says_null() throws Exception {
    assertTrue(json.writeValueAsString(PostPage.empty()).contains("\"next\":null"));
  }
}
