package warren.auth;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A PostgreSQL database of its own for one test class, created through the {@code postgres}
 * database and dropped (with any connection still open to it) on {@link #close()}.
 *
 * <p>The server comes from {@code WARREN_TEST_DB_URL}, a JDBC URL to its {@code postgres} database
 * (default {@value #DEFAULT_ADMIN_URL}).
 */
final class FreshDatabase implements AutoCloseable {
  static final String DEFAULT_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

  private final String adminUrl;
  private final String name;

  private FreshDatabase(String adminUrl, String name) {
    this.adminUrl = adminUrl;
    this.name = name;
  }

  /** Creates {@code warren_auth_it_<random>}. */
  static FreshDatabase create() throws SQLException {
    String adminUrl = System.getenv().getOrDefault("WARREN_TEST_DB_URL", DEFAULT_ADMIN_URL);
    String name =
        "warren_auth_it_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
    execute(adminUrl, "create database " + name);
    return new FreshDatabase(adminUrl, name);
  }

  String name() {
    return name;
  }

  /** The admin URL with its database swapped for this one. */
  String jdbcUrl() {
    return adminUrl.replaceFirst("/postgres(\\?|$)", "/" + name + "$1");
  }

  @Override
  public void close() throws SQLException {
    execute(adminUrl, "drop database if exists " + name + " with (force)");
  }

  private static void execute(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
