package warren.auth;

import java.sql.SQLException;
import java.time.Clock;
import warren.contracts.auth.AuthErrors;
import warren.contracts.auth.LogOut;
import warren.contracts.auth.LoggedOut;
import warren.messaging.MessageContext;
import warren.messaging.ServiceError;

/**
 * Serves {@link warren.contracts.auth.AuthApi#LOG_OUT}: deletes the session, so the token stops
 * working on every replica at once (they all read the same table).
 *
 * <p>Thread-safe; called on the messaging library's consumer threads.
 */
public final class LogOutHandler {
  private final SessionRepository sessions;
  private final Clock clock;

  public LogOutHandler(SessionRepository sessions, Clock clock) {
    this.sessions = sessions;
    this.clock = clock;
  }

  /**
   * @return whose session was revoked
   * @throws ServiceError {@code unauthenticated} when the token is unknown, already revoked or
   *     expired (an expired session is deleted all the same)
   */
  public LoggedOut handle(LogOut request, MessageContext context) throws SQLException {
    if (!SessionTokens.isPlausible(request.token())) {
      throw AuthErrors.unauthenticated();
    }
    return sessions
        .delete(request.token(), clock.instant())
        .map(LoggedOut::new)
        .orElseThrow(AuthErrors::unauthenticated);
  }
}
