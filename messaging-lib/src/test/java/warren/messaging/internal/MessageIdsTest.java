package warren.messaging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageIdsTest {
  @Test
  void ids_are_uuid_shaped_and_never_repeat_within_a_process() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      String id = MessageIds.next();
      assertEquals(id, UUID.fromString(id).toString());
      seen.add(id);
    }
    assertEquals(100_000, seen.size());
  }
}
