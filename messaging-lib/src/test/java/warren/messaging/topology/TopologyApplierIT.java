package warren.messaging.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import warren.messaging.management.Binding;
import warren.messaging.management.Exchange;
import warren.messaging.management.Permission;
import warren.messaging.management.Queue;

class TopologyApplierIT {
  static final Definitions FILE = Definitions.read(DefinitionsTest.repositoryFile());
  static ScratchVhost vhost;
  static List<String> firstChanges;

  @BeforeAll
  static void apply_the_file_into_a_fresh_vhost() {
    vhost = new ScratchVhost();
    firstChanges = new TopologyApplier(vhost.mgmt).apply(FILE, vhost.name);
  }

  @AfterAll
  static void delete_the_vhost() {
    vhost.close();
  }

  @Test
  void the_first_apply_creates_the_vhost_and_declares_every_queue_and_binding() {
    assertTrue(firstChanges.contains("created vhost " + vhost.name), firstChanges.toString());
    assertEquals(
        FILE.queues().size(),
        firstChanges.stream().filter(c -> c.startsWith("declared queue ")).count());
    assertEquals(
        FILE.bindings().size(), firstChanges.stream().filter(c -> c.startsWith("bound ")).count());
  }

  @Test
  void every_queue_exists_with_the_file_arguments() {
    Map<String, Queue> live = TopologyDrift.byKey(vhost.mgmt.queues(vhost.name), Queue::name);
    for (Queue queue : FILE.queues()) {
      Queue found = live.get(queue.name());
      assertTrue(found != null, queue.name() + " missing");
      assertEquals(List.of(), Differences.of(queue.withVhost(vhost.name), found), queue.name());
    }
    assertEquals(
        20,
        ((Number) live.get("store.create-post").arguments().get("x-delivery-limit")).intValue());
  }

  @Test
  void every_exchange_exists_with_its_type() {
    Map<String, Exchange> live =
        TopologyDrift.byKey(vhost.mgmt.exchanges(vhost.name), Exchange::name);
    FILE.exchanges().forEach(e -> assertEquals(e.type(), live.get(e.name()).type(), e.name()));
  }

  @Test
  void every_binding_exists() {
    Set<String> live =
        vhost.mgmt.bindings(vhost.name).stream().map(Binding::describe).collect(Collectors.toSet());
    FILE.bindings().forEach(b -> assertTrue(live.contains(b.describe()), b.describe()));
  }

  @Test
  void every_service_user_has_its_permissions_on_the_vhost() {
    Map<String, Permission> live =
        TopologyDrift.byKey(vhost.mgmt.permissions(vhost.name), Permission::user);
    FILE.permissions().forEach(p -> assertEquals(p.withVhost(vhost.name), live.get(p.user())));
  }

  @Test
  void applying_twice_changes_nothing_the_second_time() {
    assertEquals(List.of(), new TopologyApplier(vhost.mgmt).apply(FILE, vhost.name));
  }

  @Test
  void a_queue_declared_with_other_arguments_is_reported_and_left_alone() {
    try (ScratchVhost other = new ScratchVhost()) {
      other.mgmt.createVhost(other.name);
      other.mgmt.declareQueue(
          new Queue(
              "store.follow",
              other.name,
              true,
              false,
              Map.of("x-queue-type", "quorum", "x-delivery-limit", 5)));
      TopologyException e =
          assertThrows(
              TopologyException.class,
              () -> new TopologyApplier(other.mgmt).apply(FILE, other.name));
      assertTrue(e.getMessage().contains("queue store.follow: "), e.getMessage());
      assertTrue(
          e.getMessage()
              .contains("argument x-delivery-limit is 5 on the broker, 20 in the" + " file"),
          e.getMessage());
      assertTrue(
          other.mgmt.queueStats(other.name, "store.unfollow").isPresent(), "the rest was applied");
    }
  }
}
