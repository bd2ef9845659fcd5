package warren.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Runs database work on one connection of the store's pool: in a transaction that commits when the
 * work returns and rolls back when it throws, or read-only in auto-commit. Thread-safe.
 */
public final class Transactions {
  private final DataSource dataSource;

  public Transactions(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** Work on one connection. */
  @FunctionalInterface
  public interface Work<T> {
    T apply(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction and returns its result once committed. (The pool puts the
   * connection back in auto-commit when it is returned.)
   *
   * @throws SQLException from the work or the commit, after rolling back
   * @throws RuntimeException from the work (for example a {@code ServiceError}), after rolling back
   */
  public <T> T inTransaction(Work<T> work) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.apply(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection, e);
        throw e;
      }
    }
  }

  /** Runs read-only {@code work} on one connection in auto-commit. */
  public <T> T read(Work<T> work) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return work.apply(connection);
    }
  }

  private static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException rollbackFailure) {
      cause.addSuppressed(rollbackFailure);
    }
  }
}
