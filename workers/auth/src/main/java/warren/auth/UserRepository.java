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
 * The {@code auth.users} table: usernames and password hashes. User ids are random UUIDs, made
 * here.
 *
 * <p>Thread-safe: each call takes its own connection from the pool.
 */
public final class UserRepository {
  private final DataSource dataSource;

  public UserRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A user with what only the auth worker may see: the password hash. */
  public record Account(String id, String username, String passwordHash) {
    public User user() {
      return new User(id, username);
    }

    @Override
    public String toString() {
      return "Account[id=" + id + ", username=" + username + ", passwordHash=<redacted>]";
    }
  }

  /**
   * Inserts a new user with a new random id.
   *
   * @param passwordHash from {@link PasswordHasher#hash(String)}, never a plain password
   * @return the new user, or empty when the username is taken (also when another replica took it a
   *     moment ago: the unique constraint decides)
   */
  public Optional<User> create(String username, String passwordHash, Instant now)
      throws SQLException {
    UUID id = UUID.randomUUID();
    String sql =
        "insert into auth.users (id, username, password_hash, created_at) values (?, ?, ?, ?)"
            + " on conflict (username) do nothing";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, id);
      s.setString(2, username);
      s.setString(3, passwordHash);
      s.setObject(4, utc(now));
      return s.executeUpdate() == 1
          ? Optional.of(new User(id.toString(), username))
          : Optional.empty();
    }
  }

  /** The account with exactly this username, if any. */
  public Optional<Account> findByUsername(String username) throws SQLException {
    String sql = "select id, username, password_hash from auth.users where username = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, username);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Account(r.getObject(1, UUID.class).toString(), r.getString(2), r.getString(3)));
      }
    }
  }

  /** Replaces a user's password hash, for example after raising the hash cost. */
  public void updatePasswordHash(String userId, String passwordHash) throws SQLException {
    String sql = "update auth.users set password_hash = ? where id = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, passwordHash);
      s.setObject(2, UUID.fromString(userId));
      s.executeUpdate();
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
