package warren.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WarrenConfigTest {
  @Test
  void a_config_without_a_service_name_says_how_to_set_it() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WarrenConfig.builder().uri(URI.create("amqp://localhost")).build());
    assertTrue(e.getMessage().contains("service(\"store\")"), e.getMessage());
  }

  @Test
  void a_config_without_a_broker_names_the_variable_to_set() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> WarrenConfig.builder().service("store").build());
    assertTrue(e.getMessage().contains("WARREN_AMQP_URI"), e.getMessage());
  }

  @Test
  void a_wrong_scheme_is_refused_without_printing_the_password() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                WarrenConfig.builder()
                    .service("store")
                    .uri(URI.create("http://store:secret@localhost:5672/warren"))
                    .build());
    assertTrue(e.getMessage().contains("store:***@"), e.getMessage());
    assertTrue(!e.getMessage().contains("secret"), e.getMessage());
  }

  @Test
  void a_zero_deadline_is_refused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                WarrenConfig.builder()
                    .service("store")
                    .uri(URI.create("amqp://localhost"))
                    .defaultDeadline(Duration.ZERO)
                    .build());
    assertEquals("defaultDeadline must be a positive duration, was PT0S", e.getMessage());
  }

  @Test
  void several_broker_addresses_can_be_given_as_one_list() {
    WarrenConfig config =
        WarrenConfig.builder()
            .service("store")
            .uris("amqp://a:5672/warren, amqp://b:5673/warren,amqp://c/warren")
            .build();
    assertEquals(3, config.uris().size());
  }

  @Test
  void prefetch_and_concurrency_are_checked_with_the_fix_in_the_message() {
    IllegalArgumentException zero =
        assertThrows(
            IllegalArgumentException.class, () -> new EndpointOptions(0, 1, RetryPolicy.DEFAULT));
    assertEquals("prefetch must be between 1 and 65535, was 0", zero.getMessage());
    IllegalArgumentException more =
        assertThrows(
            IllegalArgumentException.class, () -> new EndpointOptions(2, 4, RetryPolicy.DEFAULT));
    assertTrue(more.getMessage().contains("raise prefetch or lower concurrency"));
    assertEquals(8, EndpointOptions.defaults().prefetch(1).concurrency(8).prefetch());
  }

  @Test
  void max_batch_is_checked_and_kept_by_the_other_withers() {
    IllegalArgumentException zero =
        assertThrows(IllegalArgumentException.class, () -> EndpointOptions.defaults().maxBatch(0));
    assertEquals(
        "maxBatch must be between 1 and 65535, was 0: 1 handles messages alone", zero.getMessage());
    assertEquals(EndpointOptions.DEFAULT_MAX_BATCH, EndpointOptions.defaults().maxBatch());
    assertEquals(
        16,
        EndpointOptions.defaults()
            .maxBatch(16)
            .prefetch(64)
            .concurrency(2)
            .retry(RetryPolicy.none())
            .maxBatch());
  }

  @Test
  void a_retry_delay_without_a_delay_queue_is_refused_naming_the_queue_to_declare() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.of(Duration.ofSeconds(7)));
    assertTrue(e.getMessage().contains("warren.retry.7s"), e.getMessage());
  }

  @Test
  void the_default_retry_policy_tries_four_times() {
    assertEquals(4, RetryPolicy.DEFAULT.maxAttempts());
    assertEquals(Duration.ofSeconds(1), RetryPolicy.DEFAULT.delayAfter(1));
    assertEquals(Duration.ofSeconds(30), RetryPolicy.DEFAULT.delayAfter(3));
    assertEquals(null, RetryPolicy.DEFAULT.delayAfter(4));
    assertEquals(1, RetryPolicy.none().maxAttempts());
  }

  @Test
  void endpoint_names_must_name_their_service() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RpcEndpoint<>("Timeline", String.class, String.class));
    assertTrue(e.getMessage().contains("<service>.<name>"), e.getMessage());
    assertEquals("store", new CommandEndpoint<>("store.create-post", String.class).service());
  }
}
