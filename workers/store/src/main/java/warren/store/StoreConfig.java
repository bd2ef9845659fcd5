package warren.store;

import java.util.Map;
import java.util.Objects;

/**
 * The store worker's settings, read once from the environment and checked when built.
 *
 * <table>
 *   <caption>Environment</caption>
 *   <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code WARREN_DB_URL}</td><td>{@value #DEFAULT_DATABASE_URL}</td>
 *       <td>JDBC URL of the PostgreSQL database holding schema {@code store}</td></tr>
 *   <tr><td>{@code WARREN_DB_POOL_SIZE}</td><td>{@value #DEFAULT_DATABASE_POOL_SIZE}</td>
 *       <td>most open database connections of one worker process</td></tr>
 * </table>
 *
 * @param databaseUrl a {@code jdbc:postgresql:} URL
 * @param databasePoolSize 1 to {@value #MAX_DATABASE_POOL_SIZE}
 */
public record StoreConfig(String databaseUrl, int databasePoolSize) {
  public static final String DEFAULT_DATABASE_URL =
      "jdbc:postgresql://127.0.0.1:5432/warren?user=postgres";
  public static final int DEFAULT_DATABASE_POOL_SIZE = 10;
  public static final int MAX_DATABASE_POOL_SIZE = 200;

  public StoreConfig {
    Objects.requireNonNull(databaseUrl, "databaseUrl");
    if (!databaseUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "WARREN_DB_URL must be a PostgreSQL JDBC URL such as "
              + DEFAULT_DATABASE_URL
              + ", was '"
              + StoreDatabase.redact(databaseUrl)
              + "'");
    }
    if (databasePoolSize < 1 || databasePoolSize > MAX_DATABASE_POOL_SIZE) {
      throw new IllegalArgumentException(
          "WARREN_DB_POOL_SIZE must be between 1 and "
              + MAX_DATABASE_POOL_SIZE
              + ", was "
              + databasePoolSize);
    }
  }

  /** The settings from these environment variables, with the defaults for those not set. */
  public static StoreConfig fromEnvironment(Map<String, String> env) {
    String poolSize = env.get("WARREN_DB_POOL_SIZE");
    return new StoreConfig(
        env.getOrDefault("WARREN_DB_URL", DEFAULT_DATABASE_URL),
        poolSize == null ? DEFAULT_DATABASE_POOL_SIZE : parsePoolSize(poolSize));
  }

  private static int parsePoolSize(String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "WARREN_DB_POOL_SIZE must be a whole number such as "
              + DEFAULT_DATABASE_POOL_SIZE
              + ", was '"
              + value
              + "'",
          e);
    }
  }
}
