package warren.messaging.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import warren.messaging.ops.DeadLetters;
import warren.messaging.ops.Selection;

/**
 * The service users of rabbit-definitions.json, connected over AMQP, can do what their service
 * needs and are refused what it does not: the least-privilege reasoning of docs/topology.md,
 * checked against the broker.
 */
class ServiceUserPermissionsIT {
  static final Definitions FILE = Definitions.read(DefinitionsTest.repositoryFile());
  static ScratchVhost vhost;

  @BeforeAll
  static void apply_the_file_into_a_fresh_vhost() {
    vhost = new ScratchVhost().withTopology(FILE);
  }

  @AfterAll
  static void delete_the_vhost() {
    vhost.close();
  }

  @Test
  void web_calls_auth_over_rpc_with_direct_reply_to_and_auth_replies_through_the_default_exchange()
      throws Exception {
    try (Connection web = connect("web");
        Connection auth = connect("auth")) {
      Channel server = auth.createChannel();
      server.basicConsume(
          "auth.login",
          false,
          (tag, request) -> {
            AMQP.BasicProperties reply =
                new AMQP.BasicProperties.Builder()
                    .correlationId(request.getProperties().getCorrelationId())
                    .build();
            server.basicPublish(
                "",
                request.getProperties().getReplyTo(),
                reply,
                "welcome".getBytes(StandardCharsets.UTF_8));
            server.basicAck(request.getEnvelope().getDeliveryTag(), false);
          },
          tag -> {});
      Channel client = web.createChannel();
      BlockingQueue<String> replies = new ArrayBlockingQueue<>(1);
      client.basicConsume(
          "amq.rabbitmq.reply-to",
          true,
          (tag, reply) -> replies.add(new String(reply.getBody(), StandardCharsets.UTF_8)),
          tag -> {});
      client.basicPublish(
          "warren.rpc",
          "auth.login",
          new AMQP.BasicProperties.Builder()
              .replyTo("amq.rabbitmq.reply-to")
              .correlationId("1")
              .expiration("5000")
              .build(),
          "{}".getBytes(StandardCharsets.UTF_8));
      assertEquals("welcome", replies.poll(5, TimeUnit.SECONDS));
    }
  }

  @Test
  void web_sends_commands_and_binds_its_own_server_named_queue_to_user_notifications()
      throws Exception {
    try (Connection web = connect("web")) {
      Channel channel = web.createChannel();
      channel.confirmSelect();
      channel.basicPublish("warren.commands", "store.create-post", null, new byte[0]);
      channel.waitForConfirmsOrDie(5000);
      String queue = channel.queueDeclare().getQueue();
      channel.queueBind(queue, "warren.notify", "user.42");
      channel.queueBind(queue, "warren.notify", "session.ended");
      assertRefused(web, c -> c.queueBind(queue, "warren.notify", "#"));
      assertRefused(web, c -> c.basicConsume("store.create-post", true, (t, d) -> {}, t -> {}));
      assertRefused(web, c -> publish(c, "warren.events", "post.created"));
      assertRefused(web, c -> c.queueDeclare("web.mine", true, false, false, null));
    }
  }

  @Test
  void auth_publishes_user_signed_up_and_session_ended_and_nothing_else() throws Exception {
    try (Connection auth = connect("auth")) {
      Channel channel = auth.createChannel();
      publish(channel, "warren.events", "user.signed-up");
      publish(channel, "warren.notify", "session.ended");
      assertRefused(auth, c -> publish(c, "warren.notify", "user.1"));
      assertRefused(auth, c -> publish(c, "warren.events", "post.created"));
      assertRefused(auth, c -> publish(c, "warren.commands", "store.create-post"));
    }
  }

  @Test
  void web_asks_auth_find_user_and_only_auth_serves_it() throws Exception {
    try (Connection web = connect("web");
        Connection auth = connect("auth");
        Connection store = connect("store")) {
      Channel server = auth.createChannel();
      server.queuePurge("auth.find-user");
      Channel client = web.createChannel();
      client.confirmSelect();
      // Mandatory: an unbound routing key would come back instead of reaching the queue.
      client.basicPublish(
          "warren.rpc", "auth.find-user", true, null, "{}".getBytes(StandardCharsets.UTF_8));
      client.waitForConfirmsOrDie(5000);
      assertNotNull(waitForMessage(server, "auth.find-user", Duration.ofSeconds(5)));
      assertRefused(store, c -> c.basicConsume("auth.find-user", true, (t, d) -> {}, t -> {}));
    }
  }

  @Test
  void store_consumes_user_signed_up_and_serves_search_page() throws Exception {
    try (Connection store = connect("store")) {
      Channel channel = store.createChannel();
      channel.basicConsume("store.users", false, (t, d) -> {}, t -> {});
      channel.basicConsume("store.search-page", false, (t, d) -> {}, t -> {});
    }
  }

  @Test
  void store_redeclares_and_consumes_its_own_queues_and_publishes_only_its_events()
      throws Exception {
    try (Connection store = connect("store")) {
      Channel channel = store.createChannel();
      channel.queueDeclare(
          "store.follow",
          true,
          false,
          false,
          Map.copyOf(FILE.queue("store.follow").orElseThrow().arguments()));
      channel.exchangeDeclarePassive("warren.commands");
      channel.basicConsume("store.follow", false, (t, d) -> {}, t -> {});
      publish(channel, "warren.events", "post.created");
      publish(channel, "warren.dlx", "store.follow");
      publish(channel, "warren.retry.1s", "store.follow");
      assertRefused(store, c -> publish(c, "warren.events", "auth.hacked"));
      assertRefused(store, c -> publish(c, "warren.notify", "user.1"));
      assertRefused(store, c -> publish(c, "warren.commands", "notify.webhook-deliveries"));
      assertRefused(store, c -> c.basicConsume("auth.login", true, (t, d) -> {}, t -> {}));
      assertRefused(store, c -> c.exchangeDeclare("warren.rpc", "direct", true));
      assertRefused(store, c -> c.queueDelete("auth.login"));
    }
  }

  @Test
  void notify_publishes_user_notifications_and_its_own_webhook_deliveries_only() throws Exception {
    try (Connection notify = connect("notify")) {
      Channel channel = notify.createChannel();
      channel.queueDeclarePassive("notify.post-created");
      channel.basicConsume("notify.post-created", false, (t, d) -> {}, t -> {});
      publish(channel, "warren.notify", "user.7");
      publish(channel, "warren.commands", "notify.webhook-deliveries");
      publish(channel, "", "notify.nowhere"); // RPC replies go through amq.default
      for (String queue :
          List.of(
              "notify.follows",
              "notify.webhook-deliveries",
              "notify.webhook-create",
              "notify.webhook-list",
              "notify.webhook-delete")) {
        channel.basicConsume(queue, false, (t, d) -> {}, t -> {});
      }
      assertRefused(notify, c -> publish(c, "warren.notify", "post.created"));
      assertRefused(notify, c -> publish(c, "warren.notify", "session.ended"));
      assertRefused(notify, c -> publish(c, "warren.events", "post.created"));
      assertRefused(notify, c -> c.basicConsume("store.follow", true, (t, d) -> {}, t -> {}));
    }
  }

  @Test
  void ops_reads_replays_and_discards_dead_letters_and_may_do_nothing_else() throws Exception {
    try (Connection store = connect("store");
        Connection ops = connect("ops")) {
      Channel channel = store.createChannel();
      channel.queuePurge("store.follow.dlq");
      channel.queuePurge("store.users.dlq");
      publish(channel, "warren.dlx", "store.follow");
      publish(channel, "warren.dlx", "store.users");
      publish(channel, "warren.dlx", "store.users");
      URI uri =
          URI.create(
              "amqp://ops:ops-dev-password@"
                  + ScratchVhost.env("WARREN_AMQP_HOST", "127.0.0.1")
                  + ":5672/"
                  + vhost.name);
      try (DeadLetters dlq = DeadLetters.connect(uri, vhost.mgmt)) {
        assertEquals(1, dlq.read("store.follow.dlq").size());
        assertEquals(1, dlq.replay("store.follow.dlq", Selection.all(), false).replayed());
        assertEquals(2, dlq.read("store.users.dlq").size());
        assertEquals(2, dlq.replay("store.users.dlq", Selection.all(), true).plan().size());
        assertEquals(2, dlq.discard("store.users.dlq", Selection.all()).discarded());
      }
      assertNotNull(waitForMessage(channel, "store.follow", Duration.ofSeconds(5)));
      assertRefused(ops, c -> c.basicConsume("store.follow", true, (t, d) -> {}, t -> {}));
      assertRefused(ops, c -> publish(c, "warren.events", "post.created"));
      assertRefused(ops, c -> publish(c, "warren.rpc", "auth.login"));
      assertRefused(ops, c -> c.queueDeclare("ops.mine", true, false, false, null));
    }
  }

  @Test
  void a_message_sent_to_a_retry_tier_comes_back_to_its_queue_after_the_delay() throws Exception {
    try (Connection store = connect("store")) {
      Channel channel = store.createChannel();
      channel.queuePurge("store.unfollow");
      publish(channel, "warren.retry.1s", "store.unfollow");
      GetResponse back = waitForMessage(channel, "store.unfollow", Duration.ofSeconds(10));
      assertNotNull(back, "the message did not come back from warren.retry.1s within 10 s");
    }
  }

  @Test
  void a_rejected_command_goes_to_its_dead_letter_queue() throws Exception {
    try (Connection web = connect("web");
        Connection store = connect("store")) {
      Channel channel = store.createChannel();
      channel.queuePurge("store.create-post");
      publish(web.createChannel(), "warren.commands", "store.create-post");
      GetResponse taken = waitForMessage(channel, "store.create-post", Duration.ofSeconds(5));
      channel.basicReject(taken.getEnvelope().getDeliveryTag(), false);
      GetResponse dead = waitForMessage(channel, "store.create-post.dlq", Duration.ofSeconds(5));
      assertNotNull(dead, "nothing reached store.create-post.dlq");
    }
  }

  interface ChannelAction {
    void run(Channel channel) throws Exception;
  }

  static Connection connect(String user) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(ScratchVhost.env("WARREN_AMQP_HOST", "127.0.0.1"));
    factory.setVirtualHost(vhost.name);
    factory.setUsername(user);
    factory.setPassword(user + "-dev-password");
    return factory.newConnection("permissions-it-" + user);
  }

  static void publish(Channel channel, String exchange, String key) throws Exception {
    channel.confirmSelect();
    channel.basicPublish(exchange, key, null, "{}".getBytes(StandardCharsets.UTF_8));
    channel.waitForConfirmsOrDie(5000);
  }

  /** The action, on a fresh channel, is refused with 403 ACCESS_REFUSED. */
  static void assertRefused(Connection connection, ChannelAction action) throws Exception {
    Channel channel = connection.createChannel();
    try {
      action.run(channel);
      fail("expected ACCESS_REFUSED");
    } catch (Exception e) {
      String reason = String.valueOf(channel.getCloseReason());
      assertTrue(reason.contains("ACCESS_REFUSED"), "closed for another reason: " + reason);
    }
  }

  static GetResponse waitForMessage(Channel channel, String queue, Duration limit)
      throws Exception {
    long end = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < end) {
      GetResponse response = channel.basicGet(queue, false);
      if (response != null) {
        return response;
      }
      Thread.sleep(50);
    }
    return null;
  }
}
