package warren.messaging.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceSettingsTest {

  @Test
  void defaults_are_the_services_own_user_the_local_database_and_its_base_health_port() {
    ServiceSettings settings = ServiceSettings.fromEnvironment("store", 8281, Map.of());
    assertEquals("amqp://store:store-dev-password@127.0.0.1:5672/warren", settings.amqpUris());
    assertEquals("jdbc:postgresql://127.0.0.1:5432/warren?user=postgres", settings.databaseUrl());
    assertEquals(ServiceSettings.DEFAULT_DATABASE_POOL_SIZE, settings.databasePoolSize());
    assertEquals(8281, settings.healthPort());
    assertEquals(1, settings.replica());
    assertFalse(settings.declareTopology(), "service users may not declare the shared topology");
    assertFalse(settings.httpRpc(), "the HTTP transport, which has no authentication, is opt-in");
  }

  @Test
  void the_http_transport_is_turned_on_by_true_and_anything_but_a_boolean_is_refused() {
    assertTrue(
        ServiceSettings.fromEnvironment("store", 8281, Map.of("WARREN_HTTP_RPC", "TRUE"))
            .httpRpc());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ServiceSettings.fromEnvironment("store", 8281, Map.of("WARREN_HTTP_RPC", "yes")));
    assertEquals("WARREN_HTTP_RPC must be true or false, was 'yes'", e.getMessage());
  }

  @Test
  void every_setting_is_read_from_its_variable_and_replicas_shift_the_default_port() {
    ServiceSettings settings =
        ServiceSettings.fromEnvironment(
            "auth",
            8181,
            Map.of(
                "WARREN_AMQP_URI", "amqp://a:b@rabbit:5672/warren",
                "WARREN_DB_URL", "jdbc:postgresql://db/warren",
                "WARREN_DB_POOL_SIZE", "3",
                "WARREN_REPLICA", "3"));
    assertEquals("amqp://a:b@rabbit:5672/warren", settings.amqpUris());
    assertEquals("jdbc:postgresql://db/warren", settings.databaseUrl());
    assertEquals(3, settings.databasePoolSize());
    assertEquals(8183, settings.healthPort());
    assertEquals(
        9000,
        ServiceSettings.fromEnvironment("auth", 8181, Map.of("WARREN_HEALTH_PORT", "9000"))
            .healthPort());
  }

  @Test
  void a_database_url_that_is_not_postgresql_jdbc_is_refused_without_its_password() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ServiceSettings.fromEnvironment(
                    "auth", 8181, Map.of("WARREN_DB_URL", "jdbc:mysql://db/w?password=secret")));
    assertEquals(
        "WARREN_DB_URL must be a PostgreSQL JDBC URL such as"
            + " jdbc:postgresql://127.0.0.1:5432/warren?user=postgres, was"
            + " 'jdbc:mysql://db/w?password=***'",
        e.getMessage());
  }

  @Test
  void a_non_numeric_or_out_of_range_number_names_its_variable() {
    assertEquals(
        "WARREN_DB_POOL_SIZE must be a whole number like 10, was 'many'",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    ServiceSettings.fromEnvironment(
                        "store", 8281, Map.of("WARREN_DB_POOL_SIZE", "many")))
            .getMessage());
    assertEquals(
        "WARREN_DB_POOL_SIZE must be between 1 and 200, was 0",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    ServiceSettings.fromEnvironment(
                        "store", 8281, Map.of("WARREN_DB_POOL_SIZE", "0")))
            .getMessage());
    assertEquals(
        "WARREN_HEALTH_PORT must be between 0 and 65535, was 70000",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    ServiceSettings.fromEnvironment(
                        "store", 8281, Map.of("WARREN_HEALTH_PORT", "70000")))
            .getMessage());
  }
}
