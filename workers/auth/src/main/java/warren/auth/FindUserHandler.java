package warren.auth;

import java.sql.SQLException;
import warren.contracts.auth.AuthErrors;
import warren.contracts.auth.CredentialRules;
import warren.contracts.auth.FindUser;
import warren.contracts.auth.User;
import warren.messaging.MessageContext;
import warren.messaging.ServiceError;

/**
 * Serves {@link warren.contracts.auth.AuthApi#FIND_USER}: the user with this username, from auth's
 * own table, so a user is found as soon as their sign-up was answered.
 *
 * <p>Thread-safe; called on the messaging library's consumer threads.
 */
public final class FindUserHandler {
  private final UserRepository users;

  public FindUserHandler(UserRepository users) {
    this.users = users;
  }

  /**
   * @return the user's id and username
   * @throws ServiceError {@code not_found} when no user has this username (also for a name that
   *     could never have signed up)
   */
  public User handle(FindUser request, MessageContext context) throws SQLException {
    String username = request.username();
    if (!CredentialRules.isValidUsername(username)) {
      throw AuthErrors.userNotFound(username);
    }
    return users
        .findByUsername(username)
        .map(UserRepository.Account::user)
        .orElseThrow(() -> AuthErrors.userNotFound(username));
  }
}
