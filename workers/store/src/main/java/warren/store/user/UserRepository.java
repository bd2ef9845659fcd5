package warren.store.user;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import warren.contracts.store.StoreApi;
import warren.messaging.ServiceError;

/**
 * The {@code store.users} table: the store's copy of each user's id and username, recorded the
 * first time the store hears of the user.
 *
 * <p>Stateless; each method works on the caller's connection and transaction.
 */
public final class UserRepository {
  /**
   * Records the user, or renames the one with this id. Safe to repeat and to run concurrently.
   *
   * @throws SQLException also when another id already holds {@code username}
   */
  public void upsert(Connection connection, String id, String username) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO store.users (id, username) VALUES (?, ?)"
                + " ON CONFLICT (id) DO UPDATE SET username = EXCLUDED.username"
                + " WHERE store.users.username <> EXCLUDED.username")) {
      statement.setString(1, id);
      statement.setString(2, username);
      statement.executeUpdate();
    }
  }

  /** The id of the user with this username, if the store knows one. */
  public Optional<String> idOf(Connection connection, String username) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT id FROM store.users WHERE username = ?")) {
      statement.setString(1, username);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
      }
    }
  }

  /**
   * The id of the user with this username.
   *
   * @throws ServiceError {@link StoreApi#NOT_FOUND} when the store knows no such user
   */
  public String requireIdOf(Connection connection, String username) throws SQLException {
    return idOf(connection, username)
        .orElseThrow(
            () -> new ServiceError(StoreApi.NOT_FOUND, "No user is named '" + username + "'."));
  }
}
