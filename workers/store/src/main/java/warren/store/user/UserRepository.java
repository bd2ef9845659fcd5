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
    // Read first, then insert or rename only when needed: ON CONFLICT DO UPDATE locks the user's
    // row until commit even when nothing changes, so every post of one author waited for the
    // author's previous post to commit; and the usual case, a user already recorded under this
    // name, costs one read.
    Optional<String> recorded = usernameOf(connection, id);
    if (recorded.isEmpty()) {
      // Every unique index is an arbiter: with ON CONFLICT (id) only, two transactions recording
      // the same new user at once could collide on the username index, and one failed with
      // users_username_key instead of waiting for the other.
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO store.users (id, username) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
        insert.setString(1, id);
        insert.setString(2, username);
        if (insert.executeUpdate() == 1) {
          return;
        }
      }
      recorded = usernameOf(connection, id); // a concurrent transaction recorded them meanwhile
      if (recorded.isEmpty()) {
        throw new SQLException(
            "username '"
                + username
                + "' is held by another user id than "
                + id
                + ": the store's copy of users disagrees with auth; check store.users",
            "23505");
      }
    }
    if (!recorded.get().equals(username)) {
      try (PreparedStatement rename =
          connection.prepareStatement("UPDATE store.users SET username = ? WHERE id = ?")) {
        rename.setString(1, username);
        rename.setString(2, id);
        rename.executeUpdate();
      }
    }
  }

  private static Optional<String> usernameOf(Connection connection, String id) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT username FROM store.users WHERE id = ?")) {
      statement.setString(1, id);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
      }
    }
  }

  /**
   * {@link #upsert} for many users in one statement: inserts those it does not know, renames those
   * whose name changed. Rows it leaves as they are stay unlocked, as in {@code upsert}.
   *
   * @param usernames by user id; pass them sorted by id, so two transactions lock in one order
   */
  public void upsertAll(Connection connection, java.util.SortedMap<String, String> usernames)
      throws SQLException {
    // One snapshot for both parts: the UPDATE does not see the rows the INSERT adds, which need no
    // renaming anyway.
    try (PreparedStatement statement =
        connection.prepareStatement(
            "WITH v AS (SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS text[])) AS v(id, username)),"
                + " inserted AS (INSERT INTO store.users (id, username)"
                + " SELECT id, username FROM v ON CONFLICT (id) DO NOTHING)"
                + " UPDATE store.users u SET username = v.username FROM v"
                + " WHERE u.id = v.id AND u.username <> v.username")) {
      statement.setArray(
          1, connection.createArrayOf("text", usernames.keySet().toArray(new String[0])));
      statement.setArray(
          2, connection.createArrayOf("text", usernames.values().toArray(new String[0])));
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
