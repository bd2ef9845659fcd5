package warren.store;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import warren.messaging.MessageContext;

/** A {@link MessageContext} for calling handlers directly in tests. */
public record TestMessageContext(
    String endpoint, String messageId, int attempt, boolean redelivered) implements MessageContext {

  /** The first delivery of a fresh message to {@code endpoint}. */
  public static TestMessageContext firstDelivery(String endpoint) {
    return new TestMessageContext(endpoint, UUID.randomUUID().toString(), 1, false);
  }

  /** The same message delivered again by the broker. */
  public TestMessageContext redelivery() {
    return new TestMessageContext(endpoint, messageId, attempt, true);
  }

  @Override
  public String correlationId() {
    return messageId;
  }

  @Override
  public Optional<Instant> deadline() {
    return Optional.empty();
  }

  @Override
  public Map<String, Object> headers() {
    return Map.of();
  }
}
