package warren.messaging.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Clamps and damping, with a clock the test moves: no sleeping. */
class ScalingAdvisorTest {
  final SteppedClock clock = new SteppedClock();
  final ScalingPolicy policy =
      ScalingPolicy.defaults().replicas(1, 8).stabilisation(Duration.ofSeconds(120));
  final ScalingAdvisor advisor = new ScalingAdvisor(policy, clock);

  /** One replica clears 10/s (concurrency 1, 100 ms); starts in 5 s. */
  static RoleLoad work(long depth, double arriving, int serving) {
    return new RoleLoad(
        "store",
        "store.create-post",
        depth,
        0,
        arriving,
        serving,
        Duration.ofMillis(100),
        Duration.ofMillis(150),
        1,
        Duration.ofSeconds(5),
        serving,
        0);
  }

  ScalingHint advise(RoleLoad load) {
    return advisor.advise(List.of(load)).getFirst();
  }

  @Test
  void a_steady_load_keeps_a_steady_hint() {
    List<Integer> hints = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      hints.add(advise(work(5, 25, 3)).desiredReplicas());
      clock.step(Duration.ofSeconds(5));
    }
    assertTrue(hints.stream().allMatch(h -> h == 3), hints.toString());
  }

  @Test
  void a_burst_scales_up_at_once_and_down_only_after_the_window() {
    assertEquals(1, advise(work(0, 1, 1)).desiredReplicas());
    clock.step(Duration.ofSeconds(130));
    ScalingHint burst = advise(work(3_000, 1, 1));
    assertEquals(6, burst.desiredReplicas(), burst.reason());
    assertTrue(burst.reason().startsWith("backlog 3,000, arriving 1/s"), burst.reason());

    clock.step(Duration.ofSeconds(30));
    ScalingHint drained = advise(work(0, 1, 6));
    assertEquals(6, drained.desiredReplicas(), "still inside the window");
    assertTrue(
        drained
            .reason()
            .endsWith("holding 6 until the estimate has stayed lower for 120 s (0 s so far)"),
        drained.reason());
    clock.step(Duration.ofSeconds(60));
    assertEquals(6, advise(work(0, 1, 6)).desiredReplicas());
    clock.step(Duration.ofSeconds(31));
    ScalingHint after = advise(work(0, 1, 6));
    assertEquals(1, after.desiredReplicas(), after.reason());
  }

  @Test
  void scaling_down_falls_to_the_highest_estimate_of_the_window_not_the_lowest() {
    advise(work(0, 0, 1));
    clock.step(Duration.ofSeconds(121));
    assertEquals(8, advise(work(10_000, 0, 1)).desiredReplicas());
    clock.step(Duration.ofSeconds(60));
    assertEquals(8, advise(work(0, 38, 8)).desiredReplicas()); // needs 4
    clock.step(Duration.ofSeconds(61));
    assertEquals(4, advise(work(0, 0, 8)).desiredReplicas(), "4 is still in the window");
    clock.step(Duration.ofSeconds(121));
    assertEquals(1, advise(work(0, 0, 4)).desiredReplicas());
  }

  @Test
  void a_noisy_input_does_not_flap() {
    advise(work(0, 20, 2));
    int changes = 0;
    int last = -1;
    for (int i = 0; i < 100; i++) {
      // Sampled rates jump between 5/s and 35/s and the backlog between 0 and 80.
      boolean high = i % 2 == 0 ^ i % 7 == 0;
      int hint = advise(work(high ? 80 : 0, high ? 35 : 5, Math.max(last, 2))).desiredReplicas();
      if (last != -1 && hint != last) {
        changes++;
      }
      last = hint;
      clock.step(Duration.ofSeconds(5));
    }
    assertEquals(4, last);
    assertTrue(changes <= 1, changes + " changes");
  }

  @Test
  void without_history_it_never_scales_below_what_runs() {
    ScalingHint first = advise(work(0, 0, 5));
    assertEquals(5, first.desiredReplicas(), first.reason());
    clock.step(Duration.ofSeconds(121));
    assertEquals(1, advise(work(0, 0, 5)).desiredReplicas());
  }

  @Test
  void clamps_to_the_maximum_and_the_minimum_and_says_so() {
    ScalingHint flood = advise(work(1_000_000, 0, 1));
    assertEquals(8, flood.desiredReplicas());
    assertTrue(
        flood.reason().endsWith("capped at the maximum of 8: the target will be missed"),
        flood.reason());
    ScalingAdvisor twoAtLeast = new ScalingAdvisor(policy.replicas(2, 8), clock);
    ScalingHint idle = twoAtLeast.advise(List.of(work(0, 0, 0))).getFirst();
    assertEquals(2, idle.desiredReplicas());
    assertEquals("idle: no backlog and nothing arriving; kept at the minimum of 2", idle.reason());
  }

  @Test
  void a_draining_replica_is_named_and_not_counted() {
    advise(work(0, 0, 3));
    ScalingHint hint = advise(work(2_000, 10, 2).withReplicas(2, 1));
    assertTrue(hint.reason().endsWith("1 draining replica not counted"), hint.reason());
    assertTrue(hint.desiredReplicas() > 3, hint.reason());
  }

  @Test
  void the_queue_that_needs_most_decides_the_role_and_fills_the_row() {
    RoleLoad posts = work(2_000, 0, 1);
    RoleLoad follows =
        new RoleLoad(
            "store", "store.follow", 10, 2, 0.5, 1, Duration.ofMillis(20), null, 4, null, 1, 0);
    List<ScalingHint> hints = advisor.advise(List.of(follows, posts));
    assertEquals(1, hints.size());
    ScalingHint row = hints.getFirst();
    assertEquals("store.create-post", row.queue());
    assertEquals(2_000, row.depth());
    assertEquals(100.0, row.processingMs());
    assertEquals(row, advisor.assessments().get("store").hint());
  }

  /** A clock the test moves by hand. */
  static final class SteppedClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void step(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
