package warren.messaging.health;

import java.util.Optional;

/**
 * One thing a process needs before it takes traffic, such as its database. Called on an HTTP worker
 * thread for every {@code /readyz}; keep it quick (a pool's {@code isValid(1)}).
 */
@FunctionalInterface
public interface ReadinessCheck {
  /** Empty when fine; otherwise why not, in words for the operator. */
  Optional<String> problem();

  /** A check of a JDBC data source: fine when a connection is valid within one second. */
  static ReadinessCheck database(javax.sql.DataSource dataSource) {
    return () -> {
      try (java.sql.Connection c = dataSource.getConnection()) {
        return c.isValid(1) ? Optional.empty() : Optional.of("database connection is not valid");
      } catch (java.sql.SQLException e) {
        return Optional.of("database unreachable: " + e.getMessage());
      }
    };
  }
}
