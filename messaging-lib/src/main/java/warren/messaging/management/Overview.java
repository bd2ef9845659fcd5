package warren.messaging.management;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The broker at a glance.
 *
 * @param rabbitmqVersion for example {@code 3.10.8}
 * @param managementVersion the management plugin's version
 * @param clusterName the cluster name
 * @param node the node that answered
 * @param messagesReady messages ready in all queues the user can see
 * @param messagesUnacknowledged messages unacknowledged in all queues the user can see
 * @param connections open connections
 * @param channels open channels
 * @param queues declared queues
 * @param consumers consumers
 */
public record Overview(
    String rabbitmqVersion,
    String managementVersion,
    String clusterName,
    String node,
    long messagesReady,
    long messagesUnacknowledged,
    int connections,
    int channels,
    int queues,
    int consumers) {

  static Overview fromJson(JsonNode overview) {
    JsonNode totals = overview.path("queue_totals");
    JsonNode objects = overview.path("object_totals");
    return new Overview(
        overview.path("rabbitmq_version").asText(),
        overview.path("management_version").asText(),
        overview.path("cluster_name").asText(),
        overview.path("node").asText(),
        totals.path("messages_ready").asLong(0),
        totals.path("messages_unacknowledged").asLong(0),
        objects.path("connections").asInt(0),
        objects.path("channels").asInt(0),
        objects.path("queues").asInt(0),
        objects.path("consumers").asInt(0));
  }
}
