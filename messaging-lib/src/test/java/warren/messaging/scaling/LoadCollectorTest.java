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
}
