package warren.messaging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.rabbitmq.client.AMQP;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import warren.messaging.PublishHook;
import warren.messaging.Trace;

class OutgoingTest {
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC);

  private static AMQP.BasicProperties build(
      List<PublishHook> hooks, boolean persistent, Duration deadline) {
    return new Outgoing("store", hooks, CLOCK)
        .properties("command", "store.follow", String.class, persistent, deadline)
        .build();
  }

  @Test
  void the_sending_service_is_the_app_id_and_a_message_without_headers_carries_no_table() {
    AMQP.BasicProperties props = build(List.of(), true, null);

    assertEquals("store", props.getAppId());
    assertNull(props.getHeaders(), "an empty table still costs the broker a decode");
    assertEquals(2, props.getDeliveryMode());
    assertEquals("String", props.getType());
  }

  @Test
  void a_call_carries_its_deadline_as_ttl_and_as_an_absolute_header_and_nothing_else() {
    AMQP.BasicProperties props = build(List.of(), false, Duration.ofMillis(250));

    assertEquals("250", props.getExpiration());
    assertEquals(Map.of(Headers.DEADLINE, 1_000_250L), props.getHeaders());
    assertNull(props.getType(), "transient: never inspected later");
  }

  @Test
  void the_current_trace_and_what_hooks_add_are_headers() throws Exception {
    PublishHook tenant = out -> out.headers().put("x-tenant", "t1");

    AMQP.BasicProperties props = Trace.with("trace-9", () -> build(List.of(tenant), true, null));

    assertEquals(Map.of(Headers.TRACE_ID, "trace-9", "x-tenant", "t1"), props.getHeaders());
  }
}
