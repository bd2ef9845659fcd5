package warren.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What store actually wrote: the rows of {@code store.posts} whose text starts with a drill run's
 * prefix, compared with what the API acknowledged.
 */
final class PostLedger {
  /** Acknowledged posts found, missing, and extra copies of any post of the run. */
  record Tally(long stored, long lost, long duplicated, long rows) {}

  private final String database;

  PostLedger(String database) {
    this.database = database;
  }

  /** Copies of each text of the run in {@code store.posts}. */
  Map<String, Integer> copies(String run) throws SQLException {
    Map<String, Integer> copies = new HashMap<>();
    try (Connection db = Postgres.connect(database);
        PreparedStatement sql =
            db.prepareStatement(
                "SELECT text, count(*) FROM store.posts WHERE text LIKE ? GROUP BY text")) {
      sql.setString(1, run.replace("%", "\\%").replace("_", "\\_") + " #%");
      try (ResultSet rows = sql.executeQuery()) {
        while (rows.next()) {
          copies.put(rows.getString(1), rows.getInt(2));
        }
      }
    }
    return copies;
  }

  Tally tally(String run, Map<String, String> acknowledged) throws SQLException {
    Map<String, Integer> copies = copies(run);
    long stored = acknowledged.keySet().stream().filter(copies::containsKey).count();
    long duplicated = copies.values().stream().mapToLong(n -> n - 1).sum();
    long rows = copies.values().stream().mapToLong(Integer::longValue).sum();
    return new Tally(stored, acknowledged.size() - stored, duplicated, rows);
  }

  /**
   * Waits until every acknowledged post is stored, or until nothing new was stored for {@code
   * quiet} (the rest is lost), at most {@code timeout}; returns the tally then.
   */
  Tally awaitSettled(String run, Map<String, String> acknowledged, Duration quiet, Duration timeout)
      throws SQLException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Tally last = tally(run, acknowledged);
    long lastChange = System.nanoTime();
    while (last.lost() > 0
        && System.nanoTime() < deadline
        && System.nanoTime() - lastChange < quiet.toNanos()) {
      Waiting.pause(Duration.ofMillis(500));
      Tally now = tally(run, acknowledged);
      if (now.rows() != last.rows()) {
        lastChange = System.nanoTime();
      }
      last = now;
    }
    return last;
  }
}
