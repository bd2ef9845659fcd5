package warren.auth;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import warren.messaging.MessageContext;

/** A first delivery of a message to {@code endpoint}, for calling handlers directly. */
record TestMessageContext(
    String endpoint,
    String messageId,
    String correlationId,
    Optional<Instant> deadline,
    int attempt,
    boolean redelivered,
    Map<String, Object> headers)
    implements MessageContext {

  static TestMessageContext of(String endpoint) {
    return new TestMessageContext(
        endpoint,
        UUID.randomUUID().toString(),
        UUID.randomUUID().toString(),
        Optional.empty(),
        1,
        false,
        Map.of());
  }
}
