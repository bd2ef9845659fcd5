package warren.messaging.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import warren.messaging.management.Binding;
import warren.messaging.management.Permission;
import warren.messaging.management.Queue;

class TopologyDriftIT {
  static final Definitions FILE = Definitions.read(DefinitionsTest.repositoryFile());
  ScratchVhost vhost;
  TopologyDrift drift;

  @BeforeEach
  void apply_the_file_into_a_fresh_vhost() {
    vhost = new ScratchVhost().withTopology(FILE);
    drift = new TopologyDrift(vhost.mgmt);
  }

  @AfterEach
  void delete_the_vhost() {
    vhost.close();
  }

  List<String> findings() {
    return drift.check(FILE, vhost.name);
  }

  @Test
  void right_after_apply_the_broker_is_in_sync() {
    assertEquals(List.of(), findings());
  }

  @Test
  void a_deleted_queue_is_named_with_the_binding_that_went_with_it() {
    vhost.mgmt.deleteQueue(vhost.name, "store.follow");
    assertEquals(
        List.of(
            "queue store.follow is missing",
            "binding warren.commands -> store.follow (key 'store.follow') is missing"),
        findings());
  }

  @Test
  void a_deleted_binding_is_named() {
    vhost.mgmt.unbind(
        new Binding(
            "warren.events", vhost.name, "notify.follows", "queue", "user.unfollowed", Map.of()));
    assertEquals(
        List.of("binding warren.events -> notify.follows (key 'user.unfollowed') is missing"),
        findings());
  }

  @Test
  void a_changed_permission_is_named_with_what_differs() {
    Permission store =
        FILE.retargeted(vhost.name).permissions().stream()
            .filter(p -> p.user().equals("store"))
            .findFirst()
            .orElseThrow();
    vhost.mgmt.putPermission(
        new Permission("store", vhost.name, store.configure(), ".*", store.read()));
    assertEquals(
        List.of(
            "permission of store on vhost "
                + vhost.name
                + " differs: write is '.*'"
                + " on the broker, '"
                + store.write()
                + "' in the file"),
        findings());
  }

  @Test
  void a_queue_with_other_arguments_is_named_with_each_argument() {
    vhost.mgmt.deleteQueue(vhost.name, "notify.post-created.dlq");
    vhost.mgmt.declareQueue(
        new Queue(
            "notify.post-created.dlq",
            vhost.name,
            true,
            false,
            Map.of("x-queue-type", "quorum", "x-max-length", 100)));
    vhost.mgmt.bind(
        new Binding(
            "warren.dlx",
            vhost.name,
            "notify.post-created.dlq",
            "queue",
            "notify.post-created",
            Map.of()));
    assertEquals(
        List.of(
            "queue notify.post-created.dlq differs: argument x-max-length is 100 on"
                + " the broker, not in the file"),
        findings());
  }

  @Test
  void an_extra_binding_on_a_queue_of_the_file_is_named() {
    vhost.mgmt.bind(
        new Binding("warren.events", vhost.name, "notify.follows", "queue", "#", Map.of()));
    assertEquals(
        List.of(
            "binding warren.events -> notify.follows (key '#') is on the broker but not in the"
                + " file"),
        findings());
  }

  @Test
  void a_missing_vhost_is_the_only_finding() {
    assertEquals(
        List.of("vhost warren-it-none does not exist: run 'warren topology apply'"),
        drift.check(FILE, "warren-it-none"));
  }
}
