package warren.messaging.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.LongStringHelper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import warren.messaging.internal.Headers;

class LettersTest {
  private static final byte[] BODY = "{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8);

  private static AMQP.BasicProperties props(String id, Map<String, Object> headers) {
    return new AMQP.BasicProperties.Builder().messageId(id).headers(headers).build();
  }

  private static Map<String, Object> warrenFailure() {
    Map<String, Object> h = new HashMap<>();
    h.put(Headers.REASON, LongStringHelper.asLongString("failed"));
    h.put(Headers.ERROR_CLASS, LongStringHelper.asLongString("java.lang.IllegalStateException"));
    h.put(Headers.ERROR_MESSAGE, LongStringHelper.asLongString("boom"));
    h.put(Headers.ATTEMPT, 4);
    h.put(Headers.ORIGINAL_EXCHANGE, LongStringHelper.asLongString("warren.commands"));
    h.put(Headers.ORIGINAL_ROUTING_KEY, LongStringHelper.asLongString("store.follow"));
    h.put(Headers.FIRST_DEAD_AT, LongStringHelper.asLongString("2026-01-02T03:04:05Z"));
    h.put(Headers.DEADLINE, 1L);
    h.put("x-delivery-count", 3L);
    h.put("x-death", List.of(Map.of("reason", LongStringHelper.asLongString("expired"))));
    return h;
  }

  @Test
  void warren_failure_headers_become_the_fields_of_the_record_as_plain_json() {
    DeadLetter letter = Letters.read(props("m1", warrenFailure()), BODY);

    assertEquals("m1", letter.id());
    assertEquals("failed", letter.reason());
    assertEquals("warren.commands", letter.originalExchange());
    assertEquals("store.follow", letter.originalRoutingKey());
    assertEquals(
        new DeadLetter.Failure("java.lang.IllegalStateException", "boom", null), letter.error());
    assertEquals(4, letter.attempts());
    assertEquals("2026-01-02T03:04:05Z", letter.firstDeadAt());
    assertEquals("{\"id\":\"1\"}", letter.body());
    assertEquals("failed", letter.headers().get(Headers.REASON), "text headers become strings");
    assertFalse(letter.headers().containsKey("x-delivery-count"), "browsing bumps it: hidden");
    assertEquals("java.lang.IllegalStateException@store.follow", letter.group());
  }

  @Test
  void records_serialize_to_exactly_the_fields_of_the_ops_api() throws Exception {
    ObjectMapper json = new ObjectMapper();
    DeadLetter letter = Letters.read(props("m1", warrenFailure()), BODY);

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
        fields(json.valueToTree(letter)));
    assertEquals(
        List.of("group", "errorClass", "endpoint", "count", "firstSeen", "lastSeen"),
        fields(json.valueToTree(DeadLetters.groups(List.of(letter)).get(0))));
    assertEquals(
        "{\"replayed\":2}", json.writeValueAsString(new ReplayResult(2, null)).replace(" ", ""));
    assertEquals(
        List.of("replayed", "plan"),
        fields(json.valueToTree(new ReplayResult(0, List.of(Letters.destination(letter, "x"))))));
    assertEquals(
        List.of("queue", "count"), fields(json.valueToTree(new DeadLetterQueue("q.dlq", 1))));
    assertEquals(List.of("discarded"), fields(json.valueToTree(new DiscardResult(1))));
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void a_message_the_broker_dead_lettered_is_read_from_its_death_headers() {
    Date when = new Date(1_700_000_000_000L);
    Map<String, Object> h = new HashMap<>();
    h.put("x-first-death-reason", LongStringHelper.asLongString("delivery_limit"));
    h.put("x-first-death-exchange", LongStringHelper.asLongString("warren.commands"));
    h.put(
        "x-death",
        List.of(
            Map.of(
                "reason", LongStringHelper.asLongString("delivery_limit"),
                "routing-keys", List.of(LongStringHelper.asLongString("store.follow")),
                "time", when)));

    DeadLetter letter = Letters.read(props(null, h), BODY);

    assertEquals("delivery_limit", letter.reason());
    assertEquals("warren.commands", letter.originalExchange());
    assertEquals("store.follow", letter.originalRoutingKey());
    assertNull(letter.error());
    assertEquals("delivery_limit@store.follow", letter.group());
    assertEquals(1, letter.attempts());
    assertEquals(when.toInstant().toString(), letter.firstDeadAt());
    assertTrue(letter.id().startsWith("sha-"), "an id-less message is named by its body hash");
  }

  @Test
  void a_replay_copy_loses_its_failure_marks_and_counts_the_replay() {
    Map<String, Object> h = warrenFailure();
    h.put(Headers.REPLAY_COUNT, 2);
    h.put(Headers.TRACE_ID, "t-1");
    AMQP.BasicProperties original = props("m1", h);
    DeadLetter letter = Letters.read(original, BODY);

    Map<String, Object> copy = Letters.replayProperties(original, letter).getHeaders();

    assertEquals(3L, copy.get(Headers.REPLAY_COUNT));
    assertEquals("2026-01-02T03:04:05Z", copy.get(Headers.FIRST_DEAD_AT));
    assertEquals("t-1", copy.get(Headers.TRACE_ID));
    for (String gone :
        List.of(
            Headers.ATTEMPT,
            Headers.REASON,
            Headers.ERROR_CLASS,
            Headers.ERROR_MESSAGE,
            Headers.DEADLINE,
            "x-death",
            "x-delivery-count")) {
      assertFalse(copy.containsKey(gone), gone + " is removed");
    }
  }

  @Test
  void commands_go_back_through_their_exchange_and_events_straight_to_the_failed_queue() {
    DeadLetter command = Letters.read(props("c", warrenFailure()), BODY);
    assertEquals(
        new ReplayResult.Planned("c", "warren.commands", "store.follow"),
        Letters.destination(command, "store.follow"));

    Map<String, Object> h = warrenFailure();
    h.put(Headers.ORIGINAL_EXCHANGE, "warren.events");
    h.put(Headers.ORIGINAL_ROUTING_KEY, "post.created");
    DeadLetter event = Letters.read(props("e", h), BODY);
    assertEquals(
        new ReplayResult.Planned("e", "", "notify.post-created"),
        Letters.destination(event, "notify.post-created"));
    assertEquals("store.follow", Letters.sourceQueue("store.follow.dlq"));
  }
}
