package warren.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import warren.contracts.auth.User;

/**
 * The {@code auth.sessions} table. Methods take the token as the client holds it and store or look
 * up only its SHA-256 ({@link SessionTokens#digest}), so no plain token reaches the database.
 *
 * <p>A session is live from its creation until {@code expires_at}, or until it is deleted.
 *
 * <p>Thread-safe: each call takes its own connection from the pool.
 */
public final class SessionRepository {
  private final DataSource dataSource;

  public SessionRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Stores a session for {@code userId} under the digest of {@code token}. */
  public void create(String token, String userId, Instant createdAt, Instant expiresAt)
      throws SQLException {
    String sql =
        "insert into auth.sessions (token_hash, user_id, created_at, expires_at)"
            + " values (?, ?, ?, ?)";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setBytes(1, SessionTokens.digest(token));
      s.setObject(2, UUID.fromString(userId));
      s.setObject(3, utc(createdAt));
      s.setObject(4, utc(expiresAt));
      s.executeUpdate();
    }
  }

  /** The user holding {@code token}, if the session exists and has not expired at {@code now}. */
  public Optional<User> findLiveUser(String token, Instant now) throws SQLException {
    String sql =
        "select u.id, u.username from auth.sessions s join auth.users u on u.id = s.user_id"
            + " where s.token_hash = ? and s.expires_at > ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setBytes(1, SessionTokens.digest(token));
      s.setObject(2, utc(now));
      try (ResultSet r = s.executeQuery()) {
        return r.next()
            ? Optional.of(new User(r.getObject(1, UUID.class).toString(), r.getString(2)))
            : Optional.empty();
      }
    }
  }

  /**
   * Deletes the session of {@code token}, live or expired.
   *
   * @return its user if the session was still live at {@code now}, empty if there was none or it
   *     had expired
   */
  public Optional<User> delete(String token, Instant now) throws SQLException {
    String sql =
        "delete from auth.sessions s using auth.users u"
            + " where s.token_hash = ? and u.id = s.user_id"
            + " returning u.id, u.username, s.expires_at > ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setBytes(1, SessionTokens.digest(token));
      s.setObject(2, utc(now));
      try (ResultSet r = s.executeQuery()) {
        return r.next() && r.getBoolean(3)
            ? Optional.of(new User(r.getObject(1, UUID.class).toString(), r.getString(2)))
            : Optional.empty();
      }
    }
  }

  /**
   * Deletes the sessions of {@code userId} that expired before {@code now}; called at each log-in
   * so that expired rows do not pile up for active users.
   *
   * @return how many were deleted
   */
  public int deleteExpired(String userId, Instant now) throws SQLException {
    String sql = "delete from auth.sessions where user_id = ? and expires_at <= ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, UUID.fromString(userId));
      s.setObject(2, utc(now));
      return s.executeUpdate();
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
