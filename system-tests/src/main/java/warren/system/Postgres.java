package warren.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The local PostgreSQL ({@code 127.0.0.1:5432}, user {@code postgres}, trust), shared with other
 * sessions: the drills touch only their own database.
 */
final class Postgres {
  static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

  private Postgres() {}

  static String jdbcUrl(String database) {
    return SERVER + database + "?user=postgres";
  }

  static Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database));
  }

  /** Drops {@code database} (closing whatever is connected to it) and creates it empty. */
  static void recreate(String database) {
    if (!database.matches("[a-z0-9_]+")) {
      throw new IllegalArgumentException("database name must be [a-z0-9_]+, was " + database);
    }
    try (Connection admin = connect("postgres");
        Statement sql = admin.createStatement()) {
      sql.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      sql.execute("CREATE DATABASE " + database);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot recreate database " + database + " on " + SERVER + ": " + e.getMessage(), e);
    }
  }
}
