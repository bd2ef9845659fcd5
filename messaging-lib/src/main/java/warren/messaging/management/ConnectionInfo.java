package warren.messaging.management;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A client connection as the broker sees it.
 *
 * @param name the broker's name for it ({@code 127.0.0.1:50312 -> 127.0.0.1:5672}), used to close
 *     it
 * @param vhost the virtual host it is connected to
 * @param user the user it authenticated as
 * @param clientName the name the client gave itself ({@code connection_name}), or empty
 * @param peerHost the client's address
 * @param peerPort the client's port
 * @param state {@code running}, {@code blocked}, {@code blocking}...
 * @param channels the number of open channels
 */
public record ConnectionInfo(
    String name,
    String vhost,
    String user,
    String clientName,
    String peerHost,
    int peerPort,
    String state,
    int channels) {

  static ConnectionInfo fromJson(JsonNode connection) {
    return new ConnectionInfo(
        connection.path("name").asText(),
        connection.path("vhost").asText(),
        connection.path("user").asText(),
        connection.path("client_properties").path("connection_name").asText(""),
        connection.path("peer_host").asText(),
        connection.path("peer_port").asInt(),
        connection.path("state").asText(""),
        connection.path("channels").asInt(0));
  }
}
