package warren.auth;

import java.security.SecureRandom;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * The handlers of the auth worker, built over one database: what {@code Main} registers and what
 * the tests call directly.
 *
 * <pre>{@code
 * AuthHandlers auth = AuthHandlers.create(db.dataSource(), config, Clock.systemUTC());
 * warren.serve(AuthApi.SIGN_UP, auth.signUp()::handle);
 * warren.serve(AuthApi.LOG_IN, auth.logIn()::handle);
 * warren.serve(AuthApi.CHECK_SESSION, auth.checkSession()::handle);
 * warren.serve(AuthApi.LOG_OUT, auth.logOut()::handle);
 * warren.serve(AuthApi.FIND_USER, auth.findUser()::handle);
 * }</pre>
 */
public record AuthHandlers(
    SignUpHandler signUp,
    LogInHandler logIn,
    CheckSessionHandler checkSession,
    LogOutHandler logOut,
    FindUserHandler findUser) {

  /** Wires repositories, hasher, token maker and throttle from {@code config}. */
  public static AuthHandlers create(DataSource dataSource, AuthConfig config, Clock clock) {
    SecureRandom random = new SecureRandom();
    UserRepository users = new UserRepository(dataSource);
    SessionRepository sessions = new SessionRepository(dataSource);
    PasswordHasher hasher = new PasswordHasher(config.passwordIterations(), random);
    LoginThrottle throttle = new LoginThrottle(dataSource, clock, config.loginThrottle());
    return new AuthHandlers(
        new SignUpHandler(users, hasher, clock),
        new LogInHandler(
            users,
            sessions,
            hasher,
            new SessionTokens(random),
            throttle,
            clock,
            config.sessionTtl()),
        new CheckSessionHandler(sessions, clock),
        new LogOutHandler(sessions, clock),
        new FindUserHandler(users));
  }
}
