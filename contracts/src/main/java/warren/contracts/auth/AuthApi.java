package warren.contracts.auth;

import warren.messaging.RpcEndpoint;

/**
 * The endpoints of the auth worker: users, passwords and sessions. All are request/reply; the web
 * tier calls them, the auth worker serves them.
 *
 * <p>Every endpoint answers expected failures with a {@link warren.messaging.ServiceError} whose
 * code is one of the constants in {@link AuthErrors}; the caller sees it as a {@link
 * warren.messaging.RemoteException} with the same {@code code()}.
 *
 * <p>User ids are random UUIDs in their canonical lower-case string form, for example {@code
 * "3f2b8c1e-5d7a-4e0f-9b6c-1a2d3e4f5a6b"}: opaque to callers, stable for the life of the user, and
 * revealing nothing about how many users exist.
 */
public final class AuthApi {
  /**
   * Creates a user. Replies with the new {@link User}. Fails with {@code invalid_username} or
   * {@code invalid_password} (see {@link CredentialRules}) or {@code username_taken}.
   */
  public static final RpcEndpoint<SignUp, User> SIGN_UP =
      new RpcEndpoint<>("auth.signup", SignUp.class, User.class);

  /**
   * Checks a username and password and opens a session. Replies with the session token, returned
   * this once and never stored in the clear. Fails with {@code bad_credentials} (the same for an
   * unknown user and a wrong password) or {@code rate_limited} after repeated failures for one
   * username.
   */
  public static final RpcEndpoint<LogIn, LoggedIn> LOG_IN =
      new RpcEndpoint<>("auth.login", LogIn.class, LoggedIn.class);

  /**
   * Resolves a session token to its user. Fails with {@code unauthenticated} when the token is
   * unknown, revoked or expired.
   */
  public static final RpcEndpoint<CheckSession, User> CHECK_SESSION =
      new RpcEndpoint<>("auth.check-session", CheckSession.class, User.class);

  /**
   * Revokes a session: the token no longer works on any replica. Fails with {@code unauthenticated}
   * when the token is unknown, already revoked or expired.
   */
  public static final RpcEndpoint<LogOut, LoggedOut> LOG_OUT =
      new RpcEndpoint<>("auth.logout", LogOut.class, LoggedOut.class);

  /**
   * Looks a user up by username, from auth's own records: the source of truth, which knows a user
   * as soon as {@link #SIGN_UP} answered (other services hear of them later, through {@code
   * user.signed-up}). Replies with the {@link User}. Fails with {@code not_found} when no user has
   * that username.
   */
  public static final RpcEndpoint<FindUser, User> FIND_USER =
      new RpcEndpoint<>("auth.find-user", FindUser.class, User.class);

  /**
   * The exchange auth publishes {@link SessionEnded} to when a session is logged out: the live
   * notifications' exchange, where each web instance has a queue of its own, so every instance
   * hears of it.
   */
  public static final String SESSION_ENDED_EXCHANGE = "warren.notify";

  /** The routing key of {@link SessionEnded} on {@link #SESSION_ENDED_EXCHANGE}. */
  public static final String SESSION_ENDED_KEY = "session.ended";

  private AuthApi() {}
}
