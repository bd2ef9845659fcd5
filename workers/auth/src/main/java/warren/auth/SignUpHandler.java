package warren.auth;

import java.sql.SQLException;
import java.time.Clock;
import warren.contracts.auth.AuthErrors;
import warren.contracts.auth.CredentialRules;
import warren.contracts.auth.SignUp;
import warren.contracts.auth.User;
import warren.messaging.MessageContext;
import warren.messaging.ServiceError;

/**
 * Serves {@link warren.contracts.auth.AuthApi#SIGN_UP}: checks the username and password against
 * {@link CredentialRules}, hashes the password and stores the user.
 *
 * <p>Thread-safe; called on the messaging library's consumer threads.
 */
public final class SignUpHandler {
  private final UserRepository users;
  private final PasswordHasher hasher;
  private final Clock clock;

  public SignUpHandler(UserRepository users, PasswordHasher hasher, Clock clock) {
    this.users = users;
    this.hasher = hasher;
    this.clock = clock;
  }

  /**
   * @return the new user
   * @throws ServiceError {@code invalid_username}, {@code invalid_password} or {@code
   *     username_taken}
   */
  public User handle(SignUp request, MessageContext context) throws SQLException {
    CredentialRules.requireValid(request);
    String hash = hasher.hash(request.password());
    return users
        .create(request.username(), hash, clock.instant())
        .orElseThrow(() -> AuthErrors.usernameTaken(request.username()));
  }
}
