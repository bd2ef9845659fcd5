package warren.messaging.idempotency;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import warren.messaging.MessageContext;

/**
 * Runs a handler's database work at most once per message id, inside one transaction with a row in
 * a table of seen ids, so a message delivered again (after a crash, a lost ack, a replay) is not
 * applied twice. Warren acks only after the handler returns, which is after the commit.
 *
 * <p>The table (one per service schema) must exist:
 *
 * <pre>
 * CREATE TABLE store.processed_messages (
 *   message_id text PRIMARY KEY, endpoint text NOT NULL,
 *   processed_at timestamptz NOT NULL DEFAULT now());
 * </pre>
 *
 * <p>Two deliveries of one id at once are safe: the second insert waits on the first transaction's
 * row lock, then sees the conflict and skips. Thread-safe.
 */
public final class Idempotency {
  private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");

  private final DataSource dataSource;
  private final String insert;

  /**
   * @param table the table of seen ids, e.g. {@code store.processed_messages}
   */
  public Idempotency(DataSource dataSource, String table) {
    if (!TABLE.matcher(table).matches()) {
      throw new IllegalArgumentException(
          "table must be a plain [schema.]name in lower case, was '" + table + "'");
    }
    this.dataSource = dataSource;
    this.insert =
        "INSERT INTO " + table + " (message_id, endpoint) VALUES (?, ?) ON CONFLICT DO NOTHING";
  }

  /** The transactional work of a handler. */
  @FunctionalInterface
  public interface Work<T> {
    T apply(Connection transaction) throws Exception;
  }

  /**
   * Runs {@code work} in a transaction unless this message id was already applied.
   *
   * @return the work's result, or empty when the message was a duplicate (nothing ran)
   * @throws Exception whatever the work threw; the transaction was rolled back and the id is not
   *     recorded, so a retry runs the work again
   */
  public <T> Optional<T> once(MessageContext message, Work<T> work) throws Exception {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        if (!claim(connection, message)) {
          connection.rollback();
          return Optional.empty();
        }
        T result = work.apply(connection);
        connection.commit();
        return Optional.ofNullable(result);
      } catch (Exception e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    }
  }

  /** Whether this message id has been applied (for tests and the ops console). */
  public boolean applied(String messageId) throws SQLException {
    String table = insert.substring("INSERT INTO ".length(), insert.indexOf(' ', 12));
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT 1 FROM " + table + " WHERE message_id = ?")) {
      select.setString(1, messageId);
      return select.executeQuery().next();
    }
  }

  private boolean claim(Connection connection, MessageContext message) throws SQLException {
    try (PreparedStatement claim = connection.prepareStatement(insert)) {
      claim.setString(1, message.messageId());
      claim.setString(2, message.endpoint());
      return claim.executeUpdate() == 1;
    }
  }
}
