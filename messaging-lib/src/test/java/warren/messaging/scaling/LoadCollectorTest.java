package warren.messaging.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class LoadCollectorTest {
  @Test
  void work_queues_belong_to_their_service_and_plumbing_queues_to_none() {
    assertEquals("store", LoadCollector.serviceOf("store.create-post"));
    assertEquals("auth", LoadCollector.serviceOf("auth.login"));
    assertNull(LoadCollector.serviceOf("store.create-post.dlq"));
    assertNull(LoadCollector.serviceOf("store.control.4f1c2b7e-0d2a-4d5e-9a51-3b8f6f0c1a22"));
    assertNull(LoadCollector.serviceOf("warren.retry.5s"));
    assertNull(LoadCollector.serviceOf("amq.gen-JzTY20BRgKO-HjmUJj0wLg"));
  }

  @Test
  void replicas_are_counted_from_consumers_over_each_replicas_concurrency() {
    RoleLoad twoReplicasOfFour =
        new RoleLoad("store", "store.create-post", 0, 0, 0, 8, null, null, 4, null, -1, 0);
    assertEquals(2, twoReplicasOfFour.serving());
    RoleLoad unknownConcurrency =
        new RoleLoad("store", "store.create-post", 0, 0, 0, 3, null, null, 0, null, -1, 0);
    assertEquals(3, unknownConcurrency.serving());
  }
}
