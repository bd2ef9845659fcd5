package warren.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/** The drills' own AMQP access to the local broker, as any user, outside the library. */
final class Amqp {
  private Amqp() {}

  static Connection connect(String user, String password, String vhost)
      throws IOException, TimeoutException {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost("127.0.0.1");
    factory.setPort(5672);
    factory.setUsername(user);
    factory.setPassword(password);
    factory.setVirtualHost(vhost);
    factory.setAutomaticRecoveryEnabled(false);
    return factory.newConnection("warren-drills");
  }

  /** A dead letter as the drills read it: its body and Warren's {@code x-warren-*} headers. */
  record DeadLetter(String body, Map<String, Object> headers) {
    String header(String name) {
      Object value = headers.get(name);
      return value == null ? null : value.toString();
    }
  }

  /**
   * Up to {@code max} messages of {@code queue}, read without removing them: fetched unacked, then
   * the channel closes and the broker puts them all back.
   */
  static List<DeadLetter> peek(Connection connection, String queue, int max)
      throws IOException, TimeoutException {
    List<DeadLetter> letters = new ArrayList<>();
    try (Channel channel = connection.createChannel()) {
      GetResponse message;
      while (letters.size() < max && (message = channel.basicGet(queue, false)) != null) {
        Map<String, Object> headers =
            message.getProps().getHeaders() == null ? Map.of() : message.getProps().getHeaders();
        letters.add(new DeadLetter(new String(message.getBody(), StandardCharsets.UTF_8), headers));
      }
    }
    return letters;
  }

  /** The work queues of {@code rabbit-definitions.json}: those that dead-letter to warren.dlx. */
  static List<String> workQueues() throws IOException {
    JsonNode definitions =
        ApiClient.JSON.readTree(Repo.root().resolve("rabbit-definitions.json").toFile());
    List<String> queues = new ArrayList<>();
    for (JsonNode queue : definitions.path("queues")) {
      if (queue.path("arguments").path("x-dead-letter-exchange").asText().equals("warren.dlx")) {
        queues.add(queue.path("name").asText());
      }
    }
    return queues;
  }
}
