package warren.messaging.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import warren.messaging.management.Binding;
import warren.messaging.management.Exchange;
import warren.messaging.management.Permission;
import warren.messaging.management.Queue;

class DefinitionsTest {
  static final List<String> RPC_QUEUES =
      List.of(
          "auth.signup",
          "auth.login",
          "auth.check-session",
          "auth.logout",
          "auth.find-user",
          "store.get-post",
          "store.timeline",
          "store.user-page",
          "store.user-posts",
          "store.search",
          "store.search-page",
          "notify.webhook-create",
          "notify.webhook-list",
          "notify.webhook-delete");
  static final List<String> COMMAND_QUEUES =
      List.of("store.create-post", "store.follow", "store.unfollow", "notify.webhook-deliveries");
  static final Map<String, List<String>> EVENT_QUEUES =
      Map.of(
          "notify.post-created",
          List.of("post.created"),
          "notify.follows",
          List.of("user.followed", "user.unfollowed"),
          "store.users",
          List.of("user.signed-up"));

  final Definitions file = Definitions.read(repositoryFile());

  /** The repository's own file, found from the module directory the tests run in. */
  static Path repositoryFile() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(Definitions.FILE_NAME))) {
        return dir.resolve(Definitions.FILE_NAME);
      }
    }
    throw new AssertionError(
        "no " + Definitions.FILE_NAME + " above " + Path.of("").toAbsolutePath());
  }

  @Test
  void the_repository_file_parses_and_describes_the_vhost_warren() {
    assertEquals("warren", file.vhost());
    assertEquals(
        List.of("web", "auth", "store", "notify", "ops"),
        file.users().stream().map(u -> u.name()).toList());
  }

  @Test
  void the_bundled_copy_is_the_repository_file() {
    assertEquals(file, Definitions.bundled());
  }

  @Test
  void the_exchanges_are_the_ones_the_conventions_name_with_their_types() {
    Map<String, String> expected =
        Map.of(
            "warren.rpc",
            "direct",
            "warren.commands",
            "direct",
            "warren.events",
            "topic",
            "warren.notify",
            "topic",
            "warren.dlx",
            "direct",
            "warren.retry.1s",
            "fanout",
            "warren.retry.5s",
            "fanout",
            "warren.retry.30s",
            "fanout");
    assertEquals(expected.size(), file.exchanges().size());
    for (Exchange e : file.exchanges()) {
      assertEquals(expected.get(e.name()), e.type(), e.name());
      assertTrue(e.durable() && !e.autoDelete() && !e.internal(), e.name());
    }
  }

  @Test
  void every_rpc_queue_is_classic_durable_and_bound_to_warren_rpc_with_its_own_name() {
    for (String name : RPC_QUEUES) {
      Queue queue = file.queue(name).orElseThrow(() -> new AssertionError(name + " missing"));
      assertTrue(queue.durable(), name);
      assertEquals(Map.of(), queue.arguments(), name + " is a classic queue without arguments");
      assertEquals(List.of(binding("warren.rpc", name, name)), file.bindingsTo(name));
    }
  }

  @Test
  void for_a_cluster_every_rpc_queue_and_nothing_else_becomes_a_quorum_queue() {
    Definitions cluster = file.withRpcQueues(RpcQueueType.QUORUM);
    for (Queue queue : cluster.queues()) {
      Queue original = file.queue(queue.name()).orElseThrow();
      if (RPC_QUEUES.contains(queue.name())) {
        assertEquals(Map.of("x-queue-type", "quorum"), queue.arguments(), queue.name());
        assertTrue(queue.durable(), queue.name());
      } else {
        assertEquals(original, queue, queue.name() + " is left as the file has it");
      }
    }
    assertEquals(file.bindings(), cluster.bindings());
    assertEquals(file, file.withRpcQueues(RpcQueueType.CLASSIC));
  }

  @Test
  void every_command_queue_is_quorum_with_the_conventional_arguments_and_bound_by_its_name() {
    for (String name : COMMAND_QUEUES) {
      assertEquals(conventionalArguments(name), file.queue(name).orElseThrow().arguments(), name);
      assertEquals(List.of(binding("warren.commands", name, name)), file.bindingsTo(name));
    }
  }

  @Test
  void every_event_queue_is_quorum_with_the_conventional_arguments_and_bound_by_its_patterns() {
    EVENT_QUEUES.forEach(
        (name, keys) -> {
          assertEquals(
              conventionalArguments(name), file.queue(name).orElseThrow().arguments(), name);
          assertEquals(
              keys.stream().map(key -> binding("warren.events", name, key)).toList(),
              file.bindingsTo(name));
        });
  }

  @Test
  void every_command_and_event_queue_has_a_dlq_bound_to_warren_dlx_with_the_queue_name() {
    List<String> deadLettered =
        file.queues().stream()
            .filter(q -> "warren.dlx".equals(q.arguments().get("x-dead-letter-exchange")))
            .map(Queue::name)
            .toList();
    assertEquals(COMMAND_QUEUES.size() + EVENT_QUEUES.size(), deadLettered.size());
    for (String name : deadLettered) {
      Queue dlq = file.queue(name + ".dlq").orElseThrow(() -> new AssertionError(name + ".dlq"));
      assertEquals(Map.of("x-queue-type", "quorum"), dlq.arguments());
      assertEquals(
          List.of(binding("warren.dlx", name + ".dlq", name)), file.bindingsTo(dlq.name()));
    }
  }

  @Test
  void
      each_retry_tier_is_a_fanout_exchange_and_a_quorum_queue_returning_via_the_default_exchange() {
    Map<String, Integer> tiers = Map.of("1s", 1000, "5s", 5000, "30s", 30000);
    tiers.forEach(
        (tier, ttl) -> {
          String name = "warren.retry." + tier;
          assertEquals(
              Map.of(
                  "x-queue-type",
                  "quorum",
                  "x-message-ttl",
                  ttl,
                  "x-dead-letter-exchange",
                  "",
                  "x-dead-letter-strategy",
                  "at-least-once",
                  "x-overflow",
                  "reject-publish"),
              file.queue(name).orElseThrow().arguments(),
              name);
          assertEquals(List.of(binding(name, name, "")), file.bindingsTo(name));
        });
  }

  @Test
  void every_user_holds_its_dev_password_hashed_the_rabbitmq_way() {
    file.users()
        .forEach(
            user -> {
              assertEquals(PasswordHash.ALGORITHM, user.hashingAlgorithm());
              assertTrue(
                  PasswordHash.matches(user.name() + "-dev-password", user.passwordHash()),
                  user.name());
              assertEquals(List.of(), user.tags(), user.name() + " needs no management tag");
            });
  }

  @Test
  void a_worker_may_configure_only_its_own_queues() {
    for (String service : List.of("auth", "store", "notify")) {
      Pattern configure = Pattern.compile(permission(service).configure());
      for (Queue queue : file.queues()) {
        assertEquals(
            queue.name().startsWith(service + "."),
            configure.matcher(queue.name()).matches(),
            service + " on " + queue.name());
      }
      file.exchanges().forEach(e -> assertFalse(configure.matcher(e.name()).matches()));
    }
  }

  @Test
  void each_service_may_publish_only_to_the_exchanges_it_needs() {
    assertWritesExactly("web", "warren.rpc", "warren.commands", "amq.default");
    assertWritesExactly(
        "auth",
        "amq.default",
        "warren.events",
        "warren.notify",
        "warren.dlx",
        "warren.retry.1s",
        "warren.retry.5s",
        "warren.retry.30s");
    assertWritesExactly(
        "store",
        "amq.default",
        "warren.events",
        "warren.dlx",
        "warren.retry.1s",
        "warren.retry.5s",
        "warren.retry.30s");
    assertWritesExactly(
        "notify",
        "amq.default",
        "warren.notify",
        "warren.commands",
        "warren.dlx",
        "warren.retry.1s",
        "warren.retry.5s",
        "warren.retry.30s");
  }

  @Test
  void
      the_operator_user_reads_only_dead_letter_queues_writes_only_where_replays_go_and_configures_nothing() {
    Permission ops = permission("ops");
    assertWritesExactly("ops", "warren.commands", "amq.default");
    for (Queue queue : file.queues()) {
      assertEquals(
          queue.name().endsWith(".dlq"),
          Pattern.matches(ops.read(), queue.name()),
          "ops reading " + queue.name());
      assertFalse(
          Pattern.matches(ops.configure(), queue.name()), "ops configuring " + queue.name());
    }
    file.exchanges().forEach(e -> assertFalse(Pattern.matches(ops.read(), e.name()), e.name()));
    assertTrue(file.topicPermissions().stream().noneMatch(t -> t.user().equals("ops")));
  }

  @Test
  void web_may_declare_consume_and_bind_only_server_named_queues() {
    Permission web = permission("web");
    for (String regex : List.of(web.configure(), web.write(), web.read())) {
      assertTrue(Pattern.matches(regex, "amq.gen-JzTY20BRgKO-HjmUJj0wLg"));
      assertFalse(Pattern.matches(regex, "store.create-post"));
    }
    assertTrue(Pattern.matches(web.read(), "warren.notify"));
  }

  @Test
  void a_file_binding_an_undeclared_queue_is_rejected_naming_the_binding() {
    String json =
        """
        {"vhosts": [{"name": "v"}],
         "exchanges": [{"name": "x", "vhost": "v", "type": "direct", "durable": true}],
         "bindings": [{"source": "x", "vhost": "v", "destination": "nowhere",
                       "destination_type": "queue", "routing_key": "k"}]}
        """;
    TopologyException e =
        assertThrows(
            TopologyException.class,
            () ->
                Definitions.parse(
                    new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json"));
    assertEquals(
        "test.json is inconsistent: binding x -> nowhere (key 'k') goes to an"
            + " undeclared queue",
        e.getMessage());
  }

  @Test
  void retargeting_moves_every_resource_and_permission_to_the_other_vhost() {
    Definitions moved = file.retargeted("warren-it-1");
    assertEquals("warren-it-1", moved.vhost());
    assertTrue(moved.queues().stream().allMatch(q -> q.vhost().equals("warren-it-1")));
    assertTrue(moved.bindings().stream().allMatch(b -> b.vhost().equals("warren-it-1")));
    assertTrue(moved.permissions().stream().allMatch(p -> p.vhost().equals("warren-it-1")));
    assertEquals(file.queues().size(), moved.queues().size());
  }

  private void assertWritesExactly(String service, String... exchanges) {
    Pattern write = Pattern.compile(permission(service).write());
    List<String> allowed =
        java.util.stream.Stream.concat(
                file.exchanges().stream().map(Exchange::name),
                java.util.stream.Stream.of("amq.default"))
            .filter(name -> write.matcher(name).matches())
            .sorted()
            .toList();
    assertEquals(java.util.Arrays.stream(exchanges).sorted().toList(), allowed, service);
  }

  private Permission permission(String user) {
    return file.permissions().stream()
        .filter(p -> p.user().equals(user))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no permission for " + user));
  }

  static Map<String, Object> conventionalArguments(String queue) {
    return Map.of(
        "x-queue-type",
        "quorum",
        "x-dead-letter-exchange",
        "warren.dlx",
        "x-dead-letter-routing-key",
        queue,
        "x-dead-letter-strategy",
        "at-least-once",
        "x-overflow",
        "reject-publish",
        "x-delivery-limit",
        20);
  }

  static Binding binding(String source, String queue, String key) {
    return new Binding(source, "warren", queue, "queue", key, Map.of());
  }
}
