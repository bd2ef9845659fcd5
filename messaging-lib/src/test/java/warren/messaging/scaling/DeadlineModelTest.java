package warren.messaging.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The deadline model against Guv's own test cases (spec/scaletests.yaml), then its extensions. */
class DeadlineModelTest {
  static final ScalingPolicy GUV = ScalingPolicy.defaults().assumedStartup(Duration.ZERO);

  /** Guv's inputs: P measured, σ unmeasured (so Guv's 0.5·P), no replicas, no arrivals. */
  static int guv(ScalingPolicy policy, long messages, double p, int concurrency) {
    RoleLoad load =
        RoleLoad.of("def", "def.q", messages, 0)
            .withProcessing(Duration.ofMillis((long) (p * 1000)), null)
            .withConcurrency(concurrency)
            .withStartup(Duration.ZERO)
            .withReplicas(0, 0);
    int needed = DeadlineModel.estimate(load, policy).replicas();
    return Math.clamp(needed, policy.minReplicas(), policy.maxReplicas());
  }

  @Test
  void guv_medium_load_with_concurrency_1_starts_11_workers() {
    // ceil(40/1)·10 / (60 − 10 − 2.326·5) = 400 / 38.37 = 10.4
    assertEquals(11, guv(GUV.replicas(1, 40), 40, 10, 1));
  }

  @Test
  void guv_medium_load_with_concurrency_3_starts_a_third_as_many() {
    assertEquals(4, guv(GUV.replicas(1, 40), 40, 10, 3));
  }

  @Test
  void guv_low_load_starts_one_worker_whatever_the_concurrency() {
    ScalingPolicy policy = GUV.replicas(1, 40).target(Duration.ofSeconds(90));
    assertEquals(1, guv(policy, 5, 10, 1));
    assertEquals(1, guv(policy, 5, 10, 3));
  }

  @Test
  void guv_no_messages_goes_to_the_minimum_and_a_flood_to_the_maximum() {
    assertEquals(3, guv(GUV.replicas(3, 5), 0, 10, 1));
    assertEquals(40, guv(GUV.replicas(1, 40), 10_000, 10, 1));
  }

  @Test
  void guv_role_specific_processing_and_deadline_go_to_the_default_maximum_of_5() {
    assertEquals(5, guv(GUV.replicas(0, 5).target(Duration.ofSeconds(240)), 1000, 60, 1));
  }

  @Test
  void guv_impossible_deadline_still_uses_one_processing_time_and_scales_to_the_maximum() {
    // T − P − z·σ < P, so the window is P: 40 messages need 40 replicas, capped at 4.
    assertEquals(4, guv(GUV.replicas(0, 4).target(Duration.ofSeconds(61)), 40, 60, 1));
  }

  @Test
  void guv_unrealistic_config_with_a_measured_spread_scales_to_the_maximum() {
    // Guv: processing 25, stddev 12, deadline 50. A measured p99 = P + z·σ = 52.9 s.
    RoleLoad load =
        RoleLoad.of("my", "my.q", 40, 0)
            .withProcessing(Duration.ofSeconds(25), Duration.ofMillis(52_912))
            .withConcurrency(1)
            .withStartup(Duration.ZERO)
            .withReplicas(0, 0);
    DeadlineModel.Estimate estimate =
        DeadlineModel.estimate(load, GUV.target(Duration.ofSeconds(50)));
    assertEquals(40, estimate.replicas());
    assertEquals(25, estimate.window(), 1e-9);
  }

  @Test
  void with_no_arrivals_no_replicas_and_no_startup_it_is_exactly_guvs_formula() {
    for (long q : new long[] {1, 7, 40, 333, 5000}) {
      for (int c : new int[] {1, 2, 3, 8}) {
        double p = 10, window = Math.max(p, 60 - p - ScalingPolicy.Z_99 * 0.5 * p);
        int expected = (int) Math.ceil(Math.ceil((double) q / c) * p / window);
        assertEquals(expected, guv(GUV.replicas(0, 100_000), q, p, c), q + " messages, c=" + c);
      }
    }
  }

  // ---- the extensions ------------------------------------------------------------------------

  /** One replica clears 12/s: concurrency 4, a third of a second each, p99 half a second. */
  static RoleLoad store(long depth, double arriving, int serving) {
    return new RoleLoad(
        "store",
        "store.create-post",
        depth,
        0,
        arriving,
        serving,
        Duration.ofMillis(333),
        Duration.ofMillis(500),
        4,
        Duration.ofSeconds(5),
        serving,
        0);
  }

  @Test
  void the_worked_example_reads_as_a_sentence() {
    DeadlineModel.Estimate estimate =
        DeadlineModel.estimate(store(1_240, 35, 5), ScalingPolicy.defaults());
    assertEquals(5, estimate.replicas());
    assertEquals(
        "backlog 1,240, arriving 35/s, one replica clears 12/s: 5 replicas clear it in 60 s",
        estimate.reason());
  }

  @Test
  void a_steady_load_without_backlog_needs_arrivals_over_one_replicas_rate() {
    DeadlineModel.Estimate estimate =
        DeadlineModel.estimate(store(0, 35, 3), ScalingPolicy.defaults());
    assertEquals(3, estimate.replicas(), "35/s over 12/s is 2.9");
    assertEquals(
        "no backlog, arriving 35/s, one replica clears 12/s: 3 replicas keep up",
        estimate.reason());
  }

  @Test
  void arrivals_add_to_what_the_backlog_alone_needs() {
    int backlogOnly =
        DeadlineModel.estimate(store(3_000, 0, 1), ScalingPolicy.defaults()).replicas();
    int withArrivals =
        DeadlineModel.estimate(store(3_000, 24, 1), ScalingPolicy.defaults()).replicas();
    assertTrue(withArrivals >= backlogOnly + 2, backlogOnly + " then " + withArrivals);
  }

  @Test
  void start_up_time_makes_new_replicas_worth_less_than_running_ones() {
    RoleLoad quick = store(3_000, 10, 1).withStartup(Duration.ZERO);
    RoleLoad slow = store(3_000, 10, 1).withStartup(Duration.ofSeconds(40));
    int fast = DeadlineModel.estimate(quick, ScalingPolicy.defaults()).replicas();
    int slowly = DeadlineModel.estimate(slow, ScalingPolicy.defaults()).replicas();
    assertTrue(slowly > fast, fast + " vs " + slowly);
    assertTrue(
        DeadlineModel.estimate(slow, ScalingPolicy.defaults()).reason().contains("starts in 40 s"));
  }

  @Test
  void running_replicas_that_suffice_are_not_charged_the_start_up_time() {
    RoleLoad enough = store(700, 0, 2).withStartup(Duration.ofSeconds(50));
    assertEquals(1, DeadlineModel.estimate(enough, ScalingPolicy.defaults()).replicas());
  }

  @Test
  void a_draining_replica_is_not_capacity() {
    RoleLoad allServing = store(2_000, 20, 3).withStartup(Duration.ofSeconds(30));
    RoleLoad oneDraining = allServing.withReplicas(2, 1);
    int serving = DeadlineModel.estimate(allServing, ScalingPolicy.defaults()).replicas();
    int draining = DeadlineModel.estimate(oneDraining, ScalingPolicy.defaults()).replicas();
    assertTrue(draining > serving, serving + " with 3 serving, " + draining + " with 1 draining");
  }

  @Test
  void in_flight_messages_count_as_backlog() {
    RoleLoad ready = store(1_000, 0, 0).withStartup(Duration.ZERO);
    RoleLoad half =
        new RoleLoad(
            "store",
            "store.create-post",
            500,
            500,
            0,
            0,
            ready.processingMean(),
            ready.processingP99(),
            4,
            Duration.ZERO,
            0,
            0);
    assertEquals(
        DeadlineModel.estimate(ready, ScalingPolicy.defaults()).replicas(),
        DeadlineModel.estimate(half, ScalingPolicy.defaults()).replicas());
  }

  @Test
  void unmeasured_inputs_fall_back_to_the_policy_and_say_so() {
    DeadlineModel.Estimate estimate =
        DeadlineModel.estimate(RoleLoad.of("auth", "auth.login", 10, 0), ScalingPolicy.defaults());
    assertEquals(Duration.ofSeconds(10), estimate.processing());
    assertTrue(
        estimate.reason().endsWith("not measured yet, assuming processing 10 s and concurrency 1"),
        estimate.reason());
  }

  @Test
  void an_idle_queue_needs_nothing() {
    DeadlineModel.Estimate estimate =
        DeadlineModel.estimate(store(0, 0, 2), ScalingPolicy.defaults());
    assertEquals(0, estimate.replicas());
    assertEquals("idle: no backlog and nothing arriving", estimate.reason());
  }
}
