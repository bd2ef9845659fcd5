package warren.messaging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.impl.LongStringHelper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadersTest {
  @Test
  void a_huge_error_message_is_capped_so_it_cannot_break_the_connection() {
    String capped = Headers.capped("x".repeat(1_000_000));
    assertTrue(capped.length() < Headers.MAX_ERROR_CHARS + 50);
    assertTrue(capped.endsWith("(1000000 chars, truncated)"));
  }

  @Test
  void headers_read_back_whatever_amqp_type_they_arrived_as() {
    Map<String, Object> headers =
        Map.of("text", LongStringHelper.asLongString("hello"), "n", 3, "s", "12");
    assertEquals("hello", Headers.string(headers, "text"));
    assertEquals(3, Headers.number(headers, "n", -1));
    assertEquals(12, Headers.number(headers, "s", -1));
    assertEquals(-1, Headers.number(headers, "missing", -1));
  }
}
