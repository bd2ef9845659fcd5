package warren.messaging.management;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A consumer on a queue, as the broker lists it.
 *
 * @param queue the queue it consumes from
 * @param connectionName the name its client gave the connection ({@code store@host-1/consume}), or
 *     empty
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
