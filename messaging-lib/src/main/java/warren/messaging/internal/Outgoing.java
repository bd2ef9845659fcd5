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
   * @param persistent delivery mode 2 (commands, events) or 1 (calls, replies)
   * @param deadline null for none; else sets both the per-message TTL and the deadline header
   */
  public AMQP.BasicProperties.Builder properties(
      String kind, String target, Class<?> type, boolean persistent, Duration deadline) {
    String messageId = MessageIds.next();
    Map<String, Object> headers = new HashMap<>();
    headers.put(Headers.TRACE_ID, Trace.currentOrNew());
    headers.put(Headers.SENT_BY, sentBy);
    AMQP.BasicProperties.Builder props =
        new AMQP.BasicProperties.Builder()
            .messageId(messageId)
            .contentType("application/json")
            .deliveryMode(persistent ? 2 : 1)
            .timestamp(new java.util.Date(clock.millis()));
    if (type != null) {
      props.type(type.getSimpleName());
    }
    if (deadline != null) {
      long ms = Math.max(1, deadline.toMillis());
      headers.put(Headers.DEADLINE, clock.millis() + ms);
      props.expiration(Long.toString(ms));
    }
    runHooks(kind, target, messageId, headers);
    return props.headers(headers);
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
