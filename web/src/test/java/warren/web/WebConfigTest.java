package warren.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebConfigTest {
  @Test
  void defaults_work_on_this_machine() {
    WebConfig config = WebConfig.defaults();
    assertEquals(8080, config.port());
    assertEquals(WebConfig.DEFAULT_AMQP_URI, config.amqpUris());
    assertEquals("warren", config.vhost());
    assertEquals(Set.of(), config.admins());
    assertNull(config.opsToken());
    assertEquals(Duration.ofSeconds(5), config.callDeadline());
    assertEquals(Duration.ofSeconds(10), config.streamKeepAlive());
    assertFalse(config.declareTopology());
    assertEquals(
        java.net.URI.create("amqp://ops:ops-dev-password@127.0.0.1:5672/warren"),
        config.opsAmqpUri());
    assertEquals("local", config.workerMetrics());
  }

  @Test
  void the_ops_amqp_uri_and_worker_metrics_are_checked_when_read() {
    WebConfig config =
        WebConfig.fromEnv(
            Map.of(
                "WARREN_OPS_AMQP_URI", "amqp://ops:pw@rabbitmq:5672/warren",
                "WARREN_WORKER_METRICS",
                    "store=http://s1:8281/metrics,http://s2:8281/metrics;auth=http://a:8181/metrics"));
    assertEquals("rabbitmq", config.opsAmqpUri().getHost());
    assertEquals(
        2, warren.web.ops.WorkerMetrics.parse(config.workerMetrics()).apply("store").size());
    assertFalse(config.toString().contains(":pw@"), config.toString());
    IllegalArgumentException notAmqp =
        assertThrows(
            IllegalArgumentException.class,
            () -> WebConfig.fromEnv(Map.of("WARREN_OPS_AMQP_URI", "http://ops:pw@h/warren")));
    assertTrue(notAmqp.getMessage().startsWith("WARREN_OPS_AMQP_URI must be an amqp://"));
    assertFalse(notAmqp.getMessage().contains(":pw@"), notAmqp.getMessage());
    IllegalArgumentException badMetrics =
        assertThrows(
            IllegalArgumentException.class,
            () -> WebConfig.fromEnv(Map.of("WARREN_WORKER_METRICS", "store:8281")));
    assertTrue(badMetrics.getMessage().startsWith("WARREN_WORKER_METRICS must be"));
  }

  @Test
  void reads_admins_ops_token_and_durations_from_the_environment() {
    WebConfig config =
        WebConfig.fromEnv(
            Map.of(
                "WARREN_HTTP_PORT", "9090",
                "WARREN_ADMINS", " ada, bob ,,",
                "WARREN_OPS_TOKEN", "s3cret",
                "WARREN_CALL_DEADLINE", "PT2S",
                "WARREN_POST_RATE_LIMIT", "3",
                "WARREN_AMQP_URI", "amqp://web:pw@h:5672/my%2Fvhost"));
    assertEquals(9090, config.port());
    assertEquals(Set.of("ada", "bob"), config.admins());
    assertEquals("s3cret", config.opsToken());
    assertEquals(Duration.ofSeconds(2), config.callDeadline());
    assertEquals(3, config.postRateLimit());
    assertEquals("my/vhost", config.vhost());
  }

  @Test
  void to_string_never_shows_the_ops_token_or_passwords() {
    String shown =
        WebConfig.fromEnv(
                Map.of(
                    "WARREN_OPS_TOKEN", "s3cret-token",
                    "WARREN_MGMT_PASSWORD", "mgmt-pw",
                    "WARREN_AMQP_URI", "amqp://web:amqp-pw@h/warren"))
            .toString();
    assertFalse(
        shown.contains("s3cret-token") || shown.contains("mgmt-pw") || shown.contains("amqp-pw"),
        shown);
  }

  @Test
  void a_keep_alive_over_15_seconds_breaks_the_api_promise_and_is_refused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WebConfig.fromEnv(Map.of("WARREN_STREAM_KEEPALIVE", "PT20S")));
    assertTrue(
        e.getMessage().startsWith("WARREN_STREAM_KEEPALIVE must be at most PT15S"), e::getMessage);
  }

  @Test
  void bad_values_name_the_variable_and_the_expected_form() {
    assertEquals(
        "WARREN_HTTP_PORT must be a whole number like 8080, was 'eighty'",
        assertThrows(
                IllegalArgumentException.class,
                () -> WebConfig.fromEnv(Map.of("WARREN_HTTP_PORT", "eighty")))
            .getMessage());
    assertEquals(
        "WARREN_CALL_DEADLINE must be an ISO-8601 duration like PT5S or P30D, was '5s'",
        assertThrows(
                IllegalArgumentException.class,
                () -> WebConfig.fromEnv(Map.of("WARREN_CALL_DEADLINE", "5s")))
            .getMessage());
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> WebConfig.fromEnv(Map.of("WARREN_POST_RATE_LIMIT", "0")))
            .getMessage()
            .startsWith("WARREN_POST_RATE_LIMIT must be at least 1"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> WebConfig.fromEnv(Map.of("WARREN_HTTP_PORT", "70000")))
            .getMessage()
            .startsWith("WARREN_HTTP_PORT must be 0 to 65535"));
  }
}
