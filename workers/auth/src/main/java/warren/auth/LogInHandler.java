package warren.auth;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import warren.contracts.auth.AuthErrors;
import warren.contracts.auth.CredentialRules;
import warren.contracts.auth.LogIn;
import warren.contracts.auth.LoggedIn;
import warren.messaging.MessageContext;
import warren.messaging.ServiceError;

/**
 * Serves {@link warren.contracts.auth.AuthApi#LOG_IN}: checks the password and opens a session.
 *
 * <p>An unknown username and a wrong password get the same {@code bad_credentials} answer after the
 * same amount of hashing, and both count against the username in the {@link LoginThrottle}, so
 * neither the answer, its timing nor the throttling tells whether a user exists. A username that
 * breaks {@link CredentialRules} cannot exist and is answered the same way without being counted.
 *
 * <p>Thread-safe; called on the messaging library's consumer threads.
 */
public final class LogInHandler {
  private final UserRepository users;
  private final SessionRepository sessions;
  private final PasswordHasher hasher;
  private final SessionTokens tokens;
  private final LoginThrottle throttle;
  private final Clock clock;
  private final Duration sessionTtl;

  /**
   * @param sessionTtl how long a new session stays valid, for example {@link
   *     AuthConfig#DEFAULT_SESSION_TTL}
   */
  public LogInHandler(
      UserRepository users,
      SessionRepository sessions,
      PasswordHasher hasher,
      SessionTokens tokens,
      LoginThrottle throttle,
      Clock clock,
      Duration sessionTtl) {
    this.users = users;
    this.sessions = sessions;
    this.hasher = hasher;
    this.tokens = tokens;
    this.throttle = throttle;
    this.clock = clock;
    this.sessionTtl = sessionTtl;
  }

  /**
   * @return a new session token and its user
   * @throws ServiceError {@code bad_credentials} or {@code rate_limited}
   */
  public LoggedIn handle(LogIn request, MessageContext context) throws SQLException {
    String username = request.username();
    String password = request.password();
    if (!CredentialRules.isValidUsername(username) || !CredentialRules.isValidPassword(password)) {
      hasher.verifyDummy(password);
      throw AuthErrors.badCredentials();
    }
    Optional<Duration> locked = throttle.lockedFor(username);
    if (locked.isPresent()) {
      throw AuthErrors.rateLimited(locked.get());
    }
    Optional<UserRepository.Account> account = users.findByUsername(username);
    boolean matches;
    if (account.isPresent()) {
      matches = hasher.verify(password, account.get().passwordHash());
    } else {
      hasher.verifyDummy(password);
      matches = false;
    }
    if (!matches) {
      throw failure(username);
    }
    UserRepository.Account user = account.get();
    throttle.clear(username);
    if (hasher.needsRehash(user.passwordHash())) {
      users.updatePasswordHash(user.id(), hasher.hash(password));
    }
    Instant now = clock.instant();
    sessions.deleteExpired(user.id(), now);
    String token = tokens.newToken();
    sessions.create(token, user.id(), now, now.plus(sessionTtl));
    return new LoggedIn(token, user.user());
  }

  private ServiceError failure(String username) throws SQLException {
    throttle.recordFailure(username);
    return AuthErrors.badCredentials();
  }
}
