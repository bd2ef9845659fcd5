package warren.messaging.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ManagementClientIT {
  final ManagementClient mgmt =
      ManagementClient.builder()
          .uri(URI.create(env("WARREN_MGMT_URI", "http://127.0.0.1:15672")))
          .credentials(env("WARREN_MGMT_USER", "guest"), env("WARREN_MGMT_PASSWORD", "guest"))
          .requestTimeout(Duration.ofSeconds(10))
          .build();
  final String vhost = "warren-it-" + UUID.randomUUID().toString().substring(0, 8);

  static String env(String name, String otherwise) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? otherwise : value;
  }

  @BeforeEach
  void create_the_vhost() {
    mgmt.createVhost(vhost);
  }

  @AfterEach
  void delete_the_vhost() {
    mgmt.deleteVhost(vhost);
  }

  @Test
  void the_overview_names_the_broker_version() {
    assertFalse(mgmt.overview().rabbitmqVersion().isEmpty());
  }

  @Test
  void a_created_vhost_exists_and_a_deleted_one_does_not() {
    assertTrue(mgmt.vhostExists(vhost));
    assertTrue(mgmt.vhosts().contains(vhost));
    assertTrue(mgmt.deleteVhost(vhost));
    assertFalse(mgmt.vhostExists(vhost));
    assertFalse(mgmt.deleteVhost(vhost), "nothing left to delete");
  }

  @Test
  void queue_stats_count_ready_messages_and_consumers() throws Exception {
    mgmt.declareQueue(new Queue("it.stats", vhost, true, false, Map.of()));
    try (Connection connection = connect()) {
      var channel = connection.createChannel();
      channel.confirmSelect();
      channel.basicPublish("", "it.stats", null, new byte[] {1});
      channel.waitForConfirmsOrDie(5000);
      channel.basicConsume("it.stats", false, (t, d) -> {}, t -> {});
      // The management plugin samples every few seconds; wait for the sample to show both.
      long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      QueueStats stats = mgmt.queueStats(vhost, "it.stats").orElseThrow();
      while ((stats.consumers() != 1 || stats.depth() != 1) && System.nanoTime() < end) {
        Thread.sleep(200);
        stats = mgmt.queueStats(vhost, "it.stats").orElseThrow();
      }
      assertEquals(1, stats.consumers());
      assertEquals(1, stats.depth());
    }
    assertTrue(mgmt.queueStats(vhost, "no.such.queue").isEmpty());
  }

  @Test
  void closing_the_connections_of_a_vhost_closes_them() throws Exception {
    Connection connection = connect();
    try {
      long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (mgmt.connections(vhost).isEmpty() && System.nanoTime() < end) {
        Thread.sleep(200);
      }
      assertEquals("management-client-it", mgmt.connections(vhost).get(0).clientName());
      assertEquals(1, mgmt.closeConnections(vhost, "test closes it"));
      end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (connection.isOpen() && System.nanoTime() < end) {
        Thread.sleep(50);
      }
      assertFalse(connection.isOpen());
    } finally {
      connection.abort();
    }
  }

  @Test
  void a_binding_can_be_made_listed_and_removed() {
    mgmt.declareExchange(new Exchange("it.x", vhost, "direct", true, false, false, Map.of()));
    mgmt.declareQueue(new Queue("it.q", vhost, true, false, Map.of()));
    Binding binding = new Binding("it.x", vhost, "it.q", "queue", "k", Map.of());
    mgmt.bind(binding);
    assertEquals(java.util.List.of(binding), mgmt.bindings(vhost));
    assertTrue(mgmt.unbind(binding));
    assertEquals(java.util.List.of(), mgmt.bindings(vhost));
  }

  @Test
  void declaring_a_queue_again_with_other_arguments_fails_naming_the_url_and_the_reason() {
    mgmt.declareQueue(new Queue("it.q", vhost, true, false, Map.of()));
    ManagementException e =
        assertThrows(
            ManagementException.class,
            () ->
                mgmt.declareQueue(
                    new Queue("it.q", vhost, true, false, Map.of("x-max-length", 1))));
    assertEquals(400, e.status());
    assertTrue(e.getMessage().startsWith("PUT http://"), e.getMessage());
    assertTrue(
        e.getMessage().contains("/api/queues/" + vhost + "/it.q failed with 400"), e.getMessage());
  }

  @Test
  void a_policy_is_put_and_read_back() {
    Policy policy = new Policy(vhost, "it-limit", "^it\\.", "queues", Map.of("max-length", 10), 1);
    mgmt.putPolicy(policy);
    assertEquals(java.util.List.of(policy), mgmt.policies(vhost));
  }

  Connection connect() throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(env("WARREN_AMQP_HOST", "127.0.0.1"));
    factory.setVirtualHost(vhost);
    factory.setUsername(env("WARREN_MGMT_USER", "guest"));
    factory.setPassword(env("WARREN_MGMT_PASSWORD", "guest"));
    return factory.newConnection("management-client-it");
  }
}
