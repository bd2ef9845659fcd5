package warren.messaging.scaling;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import warren.testkit.TestDatabase;

/** The tables {@link SlowWorker} writes: ids seen, commands applied, every attempt. */
final class DemoTables {
  private DemoTables() {}

  static void create(TestDatabase database) throws Exception {
    try (Connection c = DriverManager.getConnection(database.jdbcUrl());
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE processed_messages (message_id text PRIMARY KEY, endpoint text NOT NULL,"
              + " processed_at timestamptz NOT NULL DEFAULT now())");
      s.execute("CREATE TABLE applied (message_id text PRIMARY KEY, replica int NOT NULL)");
      s.execute("CREATE TABLE attempts (message_id text NOT NULL, replica int NOT NULL)");
    }
  }

  static long count(TestDatabase database, String query) {
    try (Connection c = DriverManager.getConnection(database.jdbcUrl());
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(query)) {
      r.next();
      return r.getLong(1);
    } catch (Exception e) {
      throw new IllegalStateException(query + ": " + e, e);
    }
  }
}
