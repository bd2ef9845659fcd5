package warren.messaging.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What other autoscalers and Prometheus get from one advice. */
class ExportsAndGaugesTest {
  final ScalingAdvisor advisor = new ScalingAdvisor(ScalingPolicy.defaults(), Clock.systemUTC());
  final List<ScalingHint> hints =
      advisor.advise(
          List.of(
              DeadlineModelTest.store(1_240, 35, 5),
              new RoleLoad(
                  "auth", "auth.login", 0, 0, 2, 1, Duration.ofMillis(50), null, 4, null, 1, 0)));

  @Test
  void compose_line_scales_every_role_to_its_hint() {
    assertEquals(
        "docker compose up -d --scale store=5 --scale auth=1",
        AutoscalerExports.composeScale(hints));
  }

  @Test
  void keda_gets_one_scaled_object_per_role_with_the_models_constants() {
    String yaml = AutoscalerExports.kedaScaledObjects(advisor.assessments().values(), "warren");
    assertEquals(2, yaml.split("kind: ScaledObject").length - 1, yaml);
    assertTrue(yaml.contains("queueName: store.create-post"), yaml);
    // One replica clears 12/s for 59.5 s: 714 messages per replica of backlog.
    assertTrue(yaml.contains("mode: QueueLength\n        value: \"714\""), yaml);
    assertTrue(yaml.contains("mode: MessageRate\n        value: \"12.01\""), yaml);
    assertTrue(yaml.contains("stabilizationWindowSeconds: 120"), yaml);
    assertTrue(yaml.contains("maxReplicaCount: 5"), yaml);
  }

  @Test
  void gauges_carry_the_hint_and_its_inputs_labelled_by_service() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new ScalingGauges(registry, advisor);
    String text = registry.scrape();
    assertTrue(text.contains("warren_scaling_desired_replicas{service=\"store\"} 5.0"), text);
    assertTrue(text.contains("warren_scaling_queue_depth{service=\"store\"} 1240.0"), text);
    assertTrue(text.contains("warren_scaling_arrival_rate{service=\"store\"} 35.0"), text);
    assertTrue(text.contains("warren_scaling_processing_seconds{service=\"auth\"} 0.05"), text);
    assertTrue(text.contains("warren_scaling_startup_seconds{service=\"store\"} 5.0"), text);
  }

  @Test
  void prometheus_text_reads_the_handled_timer_with_its_labels() {
    String text =
        """
        # HELP warren_handled_seconds Messages handled
        # TYPE warren_handled_seconds summary
        warren_handled_seconds{endpoint="store.create-post",outcome="ok",quantile="0.99"} 0.052
        warren_handled_seconds_count{endpoint="store.create-post",outcome="ok"} 120
        warren_handled_seconds_sum{endpoint="store.create-post",outcome="ok"} 4.8
        warren_process_startup_seconds 3.25
        garbage line without a value
        """;
    List<PrometheusText.Sample> samples = PrometheusText.parse(text);
    assertEquals(4, samples.size(), samples.toString());
    assertEquals("0.99", samples.getFirst().labels().get("quantile"));
    assertEquals(0.052, samples.getFirst().value());
    assertEquals(3.25, samples.getLast().value());
  }
}
