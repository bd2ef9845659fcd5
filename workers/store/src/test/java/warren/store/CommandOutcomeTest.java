package warren.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import warren.contracts.store.StoreEvents;
import warren.contracts.store.UserFollowed;

class CommandOutcomeTest {
  private final UserFollowed followed = new UserFollowed("u1", "alice", "u2", "bob");
  private final RecordedEvents events = new RecordedEvents();

  @Test
  void a_change_is_published() {
    new CommandOutcome<>(StoreEvents.USER_FOLLOWED, followed, true)
        .publishAfterCommit(events, TestMessageContext.firstDelivery("store.follow"));
    assertEquals(List.of(followed), events.of(UserFollowed.class));
  }

  @Test
  void no_change_on_a_first_delivery_publishes_nothing() {
    new CommandOutcome<>(StoreEvents.USER_FOLLOWED, followed, false)
        .publishAfterCommit(events, TestMessageContext.firstDelivery("store.follow"));
    assertEquals(List.of(), events.of(UserFollowed.class));
  }

  @Test
  void no_change_on_a_redelivery_publishes_again_in_case_the_first_attempt_died_before_it_did() {
    new CommandOutcome<>(StoreEvents.USER_FOLLOWED, followed, false)
        .publishAfterCommit(events, TestMessageContext.firstDelivery("store.follow").redelivery());
    new CommandOutcome<>(StoreEvents.USER_FOLLOWED, followed, false)
        .publishAfterCommit(events, new TestMessageContext("store.follow", "m", 2, false));
    assertEquals(List.of(followed, followed), events.of(UserFollowed.class));
  }
}
