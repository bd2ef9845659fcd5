package warren.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh PostgreSQL database for one test class on the local server (WARREN_TEST_PG, default
 * {@code 127.0.0.1:5432}, user postgres, trust auth), dropped after the class.
 */
public final class TestDatabase implements BeforeAllCallback, AfterAllCallback {
  private final String server = System.getenv().getOrDefault("WARREN_TEST_PG", "127.0.0.1:5432");
  private String name;

  @Override
  public void beforeAll(ExtensionContext context) throws SQLException {
    name =
        "warren_it_"
            + context.getRequiredTestClass().getSimpleName().toLowerCase()
            + "_"
            + UUID.randomUUID().toString().substring(0, 8);
    admin("CREATE DATABASE " + name);
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    if (name != null) {
      admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  /** A JDBC URL for this class's database. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + server + "/" + name + "?user=postgres";
  }

  public String name() {
    return name;
  }

  private void admin(String sql) throws SQLException {
    try (Connection c =
            DriverManager.getConnection("jdbc:postgresql://" + server + "/postgres?user=postgres");
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
