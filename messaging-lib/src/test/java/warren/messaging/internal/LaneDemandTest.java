package warren.messaging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static warren.messaging.internal.LaneDemand.Change.CLOSE;
import static warren.messaging.internal.LaneDemand.Change.NONE;
import static warren.messaging.internal.LaneDemand.Change.OPEN;

import org.junit.jupiter.api.Test;

class LaneDemandTest {
  private final LaneDemand demand = new LaneDemand();

  @Test
  void a_burst_of_quick_calls_keeps_one_channel_busy_without_opening_another() {
    for (int tick = 0; tick < LaneDemand.SATURATED_TICKS - 1; tick++) {
      assertEquals(NONE, demand.next(1.0, 400, 0, false, 1, 4), "tick " + tick);
    }
    assertEquals(NONE, demand.next(0.3, 100, 0, false, 1, 4), "the burst is over");
  }

  @Test
  void calls_that_wait_on_something_open_another_channel_once_the_channel_is_half_busy() {
    assertEquals(NONE, demand.next(0.4, 10, 10, false, 1, 4), "slow, but not busy enough");
    assertEquals(NONE, demand.next(0.9, 100, 9, false, 1, 4), "busy, under a tenth slow");
    assertEquals(OPEN, demand.next(0.6, 10, 1, false, 1, 4), "busy and a tenth slow");
    assertEquals(NONE, demand.next(0.6, 10, 1, false, 4, 4), "never past the concurrency");
  }

  @Test
  void every_channel_stuck_in_one_call_opens_another() {
    assertEquals(OPEN, demand.next(0.0, 0, 0, true, 2, 4));
  }

  @Test
  void a_channel_busy_for_ten_ticks_in_a_row_opens_another_even_with_quick_calls() {
    for (int tick = 0; tick < LaneDemand.SATURATED_TICKS - 1; tick++) {
      assertEquals(NONE, demand.next(0.95, 500, 0, false, 1, 4));
    }
    assertEquals(OPEN, demand.next(0.95, 500, 0, false, 1, 4));
  }

  @Test
  void the_last_channel_closes_after_a_quiet_second_and_any_need_restarts_the_count() {
    for (int tick = 0; tick < LaneDemand.QUIET_TICKS - 1; tick++) {
      assertEquals(NONE, demand.next(0.1, 50, 0, false, 3, 4));
    }
    assertEquals(OPEN, demand.next(0.0, 0, 0, true, 3, 4), "stuck: the quiet count starts over");
    for (int tick = 0; tick < LaneDemand.QUIET_TICKS - 1; tick++) {
      assertEquals(NONE, demand.next(0.1, 50, 0, false, 4, 4));
    }
    assertEquals(CLOSE, demand.next(0.1, 50, 0, false, 4, 4));
  }

  @Test
  void a_channel_stays_while_the_rest_would_be_too_busy_without_it_and_the_first_never_closes() {
    for (int tick = 0; tick < 2 * LaneDemand.QUIET_TICKS; tick++) {
      // 0.35 on 2 channels is 0.7 on one: keep both.
      assertEquals(NONE, demand.next(0.35, 50, 0, false, 2, 4));
      assertEquals(NONE, new LaneDemand().next(0.0, 0, 0, false, 1, 4));
    }
  }
}
