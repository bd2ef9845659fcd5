package warren.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Refuses log-ins for a username after too many failures, so that a password cannot be guessed at
 * the speed of the network.
 *
 * <p>The rule: failures for one username are counted in a fixed window of {@link Policy#window()}
 * that opens at the first failure. Once {@link Policy#maxFailures()} failures are counted, log-ins
 * for that username are refused (even with the right password) until {@code window} has passed
 * since the last failure; refused attempts are not counted. After that the count starts again. A
 * successful log-in clears the count. So a guesser gets at most {@code maxFailures} guesses per
 * window (twice that around a window boundary).
 *
 * <p>The counts live in {@code auth.login_failures}, so every auth replica applies the same limit;
 * each update is one atomic upsert. Replicas racing on the same username may let a few extra
 * attempts through (at most one per concurrent request), never an unbounded number.
 *
 * <p>The flip side of per-username throttling is that anyone can lock a user out for {@code window}
 * by failing on purpose; the window is short for that reason.
 *
 * <p>Thread-safe. Time comes from the injected {@link Clock}.
 */
public final class LoginThrottle {
  /**
   * How many failures within how long lock a username.
   *
   * @param maxFailures failures that lock the username, at least 1
   * @param window how long failures are counted, and how long the lock lasts after the last one
   */
  public record Policy(int maxFailures, Duration window) {
    public static final int DEFAULT_MAX_FAILURES = 5;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);

    /** 5 failures within 15 minutes. */
    public static final Policy DEFAULT = new Policy(DEFAULT_MAX_FAILURES, DEFAULT_WINDOW);

    public Policy {
      if (maxFailures < 1) {
        throw new IllegalArgumentException(
            "login throttle maxFailures must be at least 1, was " + maxFailures);
      }
      if (window == null || window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException(
            "login throttle window must be a positive duration, was " + window);
      }
    }
  }

  private final DataSource dataSource;
  private final Clock clock;
  private final Policy policy;

  public LoginThrottle(DataSource dataSource, Clock clock, Policy policy) {
    this.dataSource = dataSource;
    this.clock = clock;
    this.policy = policy;
  }

  /** The rule this throttle applies. */
  public Policy policy() {
    return policy;
  }

  /** How long {@code username} stays locked from now, or empty when it may try to log in. */
  public Optional<Duration> lockedFor(String username) throws SQLException {
    String sql = "select failures, last_failure_at from auth.login_failures where username = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, username);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next() || r.getInt(1) < policy.maxFailures()) {
          return Optional.empty();
        }
        Instant unlocksAt = r.getObject(2, OffsetDateTime.class).toInstant().plus(policy.window());
        Duration left = Duration.between(clock.instant(), unlocksAt);
        return left.isPositive() ? Optional.of(left) : Optional.empty();
      }
    }
  }

  /**
   * Counts one failed log-in for {@code username}, starting a new count if the current one began
   * more than a window ago.
   */
  public void recordFailure(String username) throws SQLException {
    Instant now = clock.instant();
    // In SET, f.* are the values before the update, so both CASEs see the same old row.
    String sql =
        "insert into auth.login_failures as f (username, failures, window_start, last_failure_at)"
            + " values (?, 1, ?, ?)"
            + " on conflict (username) do update set"
            + " failures = case when f.window_start <= ? then 1 else f.failures + 1 end,"
            + " window_start = case when f.window_start <= ?"
            + " then excluded.window_start else f.window_start end,"
            + " last_failure_at = excluded.last_failure_at";
    OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
    OffsetDateTime expired = OffsetDateTime.ofInstant(now.minus(policy.window()), ZoneOffset.UTC);
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, username);
      s.setObject(2, at);
      s.setObject(3, at);
      s.setObject(4, expired);
      s.setObject(5, expired);
      s.executeUpdate();
    }
  }

  /** Forgets the failures of {@code username}, after it logged in successfully. */
  public void clear(String username) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("delete from auth.login_failures where username = ?")) {
      s.setString(1, username);
      s.executeUpdate();
    }
  }
}
