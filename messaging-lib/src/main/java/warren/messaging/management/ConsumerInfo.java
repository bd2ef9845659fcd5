package warren.messaging.management;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A consumer on a queue, as the broker lists it.
 *
 * @param queue the queue it consumes from
 * @param connectionName the broker's name of its connection ({@code 127.0.0.1:50312 ->
 *     127.0.0.1:5672}), the {@link ConnectionInfo#name()} to look its client-given name up by
 * @param user the user its connection authenticated as
 * @param tag its consumer tag
 */
public record ConsumerInfo(String queue, String connectionName, String user, String tag) {

  static ConsumerInfo fromJson(JsonNode consumer) {
    JsonNode channel = consumer.path("channel_details");
    return new ConsumerInfo(
        consumer.path("queue").path("name").asText(),
        channel.path("connection_name").asText(""),
        channel.path("user").asText(""),
        consumer.path("consumer_tag").asText(""));
  }
}
