package warren.messaging.management;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a queue holds and how fast it moves, as the management API last sampled it (every few
 * seconds, so rates lag by that much).
 *
 * @param name the queue name
 * @param vhost the virtual host
 * @param type {@code classic}, {@code quorum} or {@code stream}
 * @param messagesReady messages waiting for a consumer
 * @param messagesUnacknowledged messages delivered and not yet acknowledged
 * @param consumers the number of consumers
 * @param publishRate messages published into the queue per second
 * @param deliverRate messages delivered (or fetched) per second
 * @param ackRate messages acknowledged per second
 */
public record QueueStats(
    String name,
    String vhost,
    String type,
    long messagesReady,
    long messagesUnacknowledged,
    int consumers,
    double publishRate,
    double deliverRate,
    double ackRate) {

  /** Messages ready plus unacknowledged. */
  public long depth() {
    return messagesReady + messagesUnacknowledged;
  }

  static QueueStats fromJson(JsonNode queue) {
    JsonNode stats = queue.path("message_stats");
    return new QueueStats(
        queue.path("name").asText(),
        queue.path("vhost").asText(),
        queue.path("type").asText("classic"),
        queue.path("messages_ready").asLong(0),
        queue.path("messages_unacknowledged").asLong(0),
        queue.path("consumers").asInt(0),
        stats.path("publish_details").path("rate").asDouble(0),
        stats.path("deliver_get_details").path("rate").asDouble(0),
        stats.path("ack_details").path("rate").asDouble(0));
  }
}
