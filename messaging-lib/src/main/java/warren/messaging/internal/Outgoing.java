package warren.messaging.internal;

import com.rabbitmq.client.AMQP;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import warren.messaging.PublishHook;
import warren.messaging.Trace;

/**
 * Builds the properties of every message this process publishes, in one place, so ids, trace
 * headers, content type and hooks are the same for calls, commands, events and replies.
 */
public final class Outgoing {
  private final String sentBy;
  private final List<PublishHook> hooks;
  private final Clock clock;

  public Outgoing(String sentBy, List<PublishHook> hooks, Clock clock) {
    this.sentBy = sentBy;
    this.hooks = hooks;
    this.clock = clock;
  }

  /**
   * Properties for a new message.
   *
   * <p>Every property and header is decoded by the broker on each publish, and at 64 calls in
   * flight the broker is the limit, so a message carries only what someone reads. A headers table
   * costs the broker more per entry than a fixed property does (bench, raw amqp-client with
   * Warren's message shape: each header entry cost the broker 2 to 10 µs of a call's 100 to 120),
   * so the sending service goes in AMQP's own {@code app_id} property rather than a header, and a
   * message with no header at all carries no table. The trace header is left out when no trace is
   * current: the message then starts a trace and its id is the trace id, which receivers already
   * fall back to. Transient messages (calls, notifications) are never dead-lettered or inspected
   * later, so they go without type and timestamp.
   *
   * @param persistent delivery mode 2 (commands, events) or 1 (calls, replies)
   * @param deadline null for none; else sets both the per-message TTL and the deadline header
   */
  public AMQP.BasicProperties.Builder properties(
      String kind, String target, Class<?> type, boolean persistent, Duration deadline) {
    String messageId = MessageIds.next();
    Map<String, Object> headers = new HashMap<>(4);
    String trace = Trace.current();
    if (trace != null) {
      headers.put(Headers.TRACE_ID, trace);
    }
    AMQP.BasicProperties.Builder props =
        new AMQP.BasicProperties.Builder()
            .messageId(messageId)
            .appId(sentBy)
            .contentType("application/json");
    if (persistent) {
      props.deliveryMode(2).timestamp(new java.util.Date(clock.millis()));
      if (type != null) {
        props.type(type.getSimpleName());
      }
    }
    if (deadline != null) {
      long ms = Math.max(1, deadline.toMillis());
      headers.put(Headers.DEADLINE, clock.millis() + ms);
      props.expiration(Long.toString(ms));
    }
    runHooks(kind, target, messageId, headers);
    return props.headers(headers.isEmpty() ? null : headers);
  }

  /** Lets every publish hook see (and add to) the headers of a message built elsewhere. */
  public void runHooks(String kind, String target, String messageId, Map<String, Object> headers) {
    for (PublishHook hook : hooks) {
      hook.beforePublish(new PublishHook.Outgoing(kind, target, messageId, headers));
    }
  }

  public Clock clock() {
    return clock;
  }
}
