package warren.contracts.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthMessagesJsonTest {
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void every_request_and_reply_survives_a_trip_through_json_with_default_jackson_settings()
      throws Exception {
    User user = new User("3f2b8c1e-5d7a-4e0f-9b6c-1a2d3e4f5a6b", "alice");
    List<Object> messages =
        List.of(
            new SignUp("alice", "correct horse"),
            user,
            new LogIn("alice", "correct horse"),
            new LoggedIn("tok", user),
            new CheckSession("tok"),
            new LogOut("tok"),
            new LoggedOut(user));
    for (Object message : messages) {
      String json = mapper.writeValueAsString(message);
      assertEquals(message, mapper.readValue(json, message.getClass()), json);
    }
  }

  @Test
  void logged_in_is_the_shape_the_http_api_returns() throws Exception {
    String json = mapper.writeValueAsString(new LoggedIn("tok", new User("u1", "alice")));
    assertEquals("{\"token\":\"tok\",\"user\":{\"id\":\"u1\",\"username\":\"alice\"}}", json);
  }
}
