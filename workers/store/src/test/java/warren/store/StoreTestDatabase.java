package warren.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import warren.messaging.service.ServiceDatabase;

/**
 * A fresh database {@code warren_store_it_<random>} for one test class on the local PostgreSQL
 * (WARREN_TEST_PG, default {@code 127.0.0.1:5432}, user postgres), migrated through {@link
 * warren.messaging.service.ServiceDatabase#open}, and dropped after the class. Register as a static
 * {@code @RegisterExtension} field.
 */
public final class StoreTestDatabase implements BeforeAllCallback, AfterAllCallback {
  private final String server = System.getenv().getOrDefault("WARREN_TEST_PG", "127.0.0.1:5432");
  private String name;
  private ServiceDatabase database;
  private Transactions transactions;

  @Override
  public void beforeAll(ExtensionContext context) throws SQLException {
    name = "warren_store_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    admin("CREATE DATABASE " + name);
    database =
        ServiceDatabase.open(
            "store", "jdbc:postgresql://" + server + "/" + name + "?user=postgres", 4);
    transactions = new Transactions(database.dataSource());
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    if (database != null) {
      database.close();
    }
    if (name != null) {
      admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  public ServiceDatabase database() {
    return database;
  }

  public Transactions transactions() {
    return transactions;
  }

  /** Runs one statement, for checks the handlers do not offer. */
  public long count(String sql) throws SQLException {
    return transactions()
        .read(
            connection -> {
              try (Statement statement = connection.createStatement();
                  var rows = statement.executeQuery(sql)) {
                rows.next();
                return rows.getLong(1);
              }
            });
  }

  private void admin(String sql) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection("jdbc:postgresql://" + server + "/postgres?user=postgres");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
