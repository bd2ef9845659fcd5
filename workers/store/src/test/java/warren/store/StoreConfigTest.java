package warren.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreConfigTest {
  @Test
  void an_empty_environment_gives_the_local_defaults() {
    StoreConfig config = StoreConfig.fromEnvironment(Map.of());
    assertEquals("jdbc:postgresql://127.0.0.1:5432/warren?user=postgres", config.databaseUrl());
    assertEquals(10, config.databasePoolSize());
  }

  @Test
  void the_environment_overrides_the_defaults() {
    StoreConfig config =
        StoreConfig.fromEnvironment(
            Map.of("WARREN_DB_URL", "jdbc:postgresql://db/warren", "WARREN_DB_POOL_SIZE", "3"));
    assertEquals(new StoreConfig("jdbc:postgresql://db/warren", 3), config);
  }

  @Test
  void a_wrong_value_names_the_variable_and_hides_the_password() {
    var error =
        assertThrows(
            IllegalArgumentException.class,
            () -> new StoreConfig("jdbc:mysql://db/warren?user=a&password=secret", 3));
    assertTrue(error.getMessage().startsWith("WARREN_DB_URL must be"), error.getMessage());
    assertFalse(error.getMessage().contains("secret"), error.getMessage());

    error =
        assertThrows(
            IllegalArgumentException.class,
            () -> StoreConfig.fromEnvironment(Map.of("WARREN_DB_POOL_SIZE", "many")));
    assertEquals(
        "WARREN_DB_POOL_SIZE must be a whole number such as 10, was 'many'", error.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> StoreConfig.fromEnvironment(Map.of("WARREN_DB_POOL_SIZE", "0")));
  }
}
