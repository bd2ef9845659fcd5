package warren.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Messages exported with {@code warren dlq export <queue> > file.jsonl} (one JSON object per line:
 * {@code id}, {@code originalExchange}, {@code originalRoutingKey}, {@code headers}, {@code body},
 * ...), loaded back as test fixtures: real failures from production become regression tests.
 *
 * <pre>{@code
 * List<MessageFixtures.Message> poison = MessageFixtures.read(Path.of("src/test/resources/dlq.jsonl"));
 * MessageFixtures.publish(broker, poison);            // to their original exchange and key
 * MessageFixtures.publish(broker, poison, "", "store.create-post"); // or anywhere
 * }</pre>
 */
public final class MessageFixtures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MessageFixtures() {}

  /**
   * One exported message.
   *
   * @param id its message id
   * @param exchange the exchange it was first published to
   * @param routingKey the routing key it was first published with
   * @param headers its headers, as JSON values
   * @param body its body, UTF-8 text
   */
  public record Message(
      String id, String exchange, String routingKey, Map<String, Object> headers, String body) {

    /** The body as bytes, as it travels. */
    public byte[] bytes() {
      return body.getBytes(StandardCharsets.UTF_8);
    }
  }

  /** Reads a JSON-lines export; blank lines are skipped, a bad line fails with its number. */
  public static List<Message> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixtures " + file.toAbsolutePath(), e);
    }
    return parse(lines, file.toString());
  }

  /** Parses the lines of an export; {@code source} names them in errors. */
  @SuppressWarnings("unchecked")
  public static List<Message> parse(List<String> lines, String source) {
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      try {
        JsonNode node = JSON.readTree(lines.get(i));
        Map<String, Object> headers =
            node.hasNonNull("headers")
                ? JSON.convertValue(node.get("headers"), LinkedHashMap.class)
                : Map.of();
        messages.add(
            new Message(
                node.path("id").asText(),
                node.path("originalExchange").asText(""),
                node.path("originalRoutingKey").asText(""),
                headers,
                node.path("body").asText()));
      } catch (IOException e) {
        throw new IllegalArgumentException(
            source + " line " + (i + 1) + " is not an exported message: " + e.getMessage(), e);
      }
    }
    return messages;
  }

  /** Publishes each message to its original exchange and routing key, with its id and headers. */
  public static void publish(IsolatedVhost broker, List<Message> messages) {
    for (Message m : messages) {
      publish(broker, List.of(m), m.exchange(), m.routingKey());
    }
  }

  /** Publishes the messages, persistent and confirmed, to one exchange and routing key. */
  public static void publish(
      IsolatedVhost broker, List<Message> messages, String exchange, String routingKey) {
    broker.withChannel(
        channel -> {
          channel.confirmSelect();
          for (Message m : messages) {
            AMQP.BasicProperties props =
                new AMQP.BasicProperties.Builder()
                    .deliveryMode(2)
                    .contentType("application/json")
                    .messageId(m.id())
                    .headers(m.headers())
                    .build();
            channel.basicPublish(exchange, routingKey, props, m.bytes());
          }
          channel.waitForConfirmsOrDie(10_000);
          return null;
        });
  }
}
