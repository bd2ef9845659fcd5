package warren.auth;

import java.sql.SQLException;
import java.time.Clock;
import warren.contracts.auth.AuthErrors;
import warren.contracts.auth.CheckSession;
import warren.contracts.auth.User;
import warren.messaging.MessageContext;
import warren.messaging.ServiceError;

/**
 * Serves {@link warren.contracts.auth.AuthApi#CHECK_SESSION}: who holds this token?
 *
 * <p>Thread-safe; called on the messaging library's consumer threads.
 */
public final class CheckSessionHandler {
  private final SessionRepository sessions;
  private final Clock clock;

  public CheckSessionHandler(SessionRepository sessions, Clock clock) {
    this.sessions = sessions;
    this.clock = clock;
  }

  /**
   * @return the user of the live session
   * @throws ServiceError {@code unauthenticated} for an unknown, revoked or expired token
   */
  public User handle(CheckSession request, MessageContext context) throws SQLException {
    if (!SessionTokens.isPlausible(request.token())) {
      throw AuthErrors.unauthenticated();
    }
    return sessions
        .findLiveUser(request.token(), clock.instant())
        .orElseThrow(AuthErrors::unauthenticated);
  }
}
