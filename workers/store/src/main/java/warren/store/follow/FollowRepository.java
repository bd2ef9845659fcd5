package warren.store.follow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The {@code store.follows} table: who follows whom, at most once per pair.
 *
 * <p>Stateless; each method works on the caller's connection and transaction.
 */
public final class FollowRepository {
  /**
   * Records that a follow or unfollow of the pair issued at {@code issuedAt} is the latest one, and
   * returns true, unless one issued at the same time or later was already applied: then it returns
   * false and the caller must change nothing. Locks the pair's row until the transaction ends, so a
   * follow and an unfollow of one pair apply one after the other.
   */
  public boolean latestChange(
      Connection connection, String followerId, String followeeId, Instant issuedAt)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO store.follow_changes (follower_id, followee_id, issued_at)"
                + " VALUES (?, ?, ?) ON CONFLICT (follower_id, followee_id) DO UPDATE"
                + " SET issued_at = excluded.issued_at"
                + " WHERE follow_changes.issued_at < excluded.issued_at")) {
      statement.setString(1, followerId);
      statement.setString(2, followeeId);
      statement.setObject(3, issuedAt.atOffset(ZoneOffset.UTC));
      return statement.executeUpdate() == 1;
    }
  }

  /** Records that the follower follows the followee; returns false when it already did. */
  public boolean follow(Connection connection, String followerId, String followeeId, Instant since)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO store.follows (follower_id, followee_id, created_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (follower_id, followee_id) DO NOTHING")) {
      statement.setString(1, followerId);
      statement.setString(2, followeeId);
      statement.setObject(3, since.atOffset(ZoneOffset.UTC));
      return statement.executeUpdate() == 1;
    }
  }

  /** Removes the follow; returns false when there was none. */
  public boolean unfollow(Connection connection, String followerId, String followeeId)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "DELETE FROM store.follows WHERE follower_id = ? AND followee_id = ?")) {
      statement.setString(1, followerId);
      statement.setString(2, followeeId);
      return statement.executeUpdate() == 1;
    }
  }

  /** How many users follow this one. */
  public long countFollowers(Connection connection, String userId) throws SQLException {
    return count(connection, "SELECT count(*) FROM store.follows WHERE followee_id = ?", userId);
  }

  /** How many users this one follows. */
  public long countFollowing(Connection connection, String userId) throws SQLException {
    return count(connection, "SELECT count(*) FROM store.follows WHERE follower_id = ?", userId);
  }

  private static long count(Connection connection, String sql, String userId) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, userId);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
