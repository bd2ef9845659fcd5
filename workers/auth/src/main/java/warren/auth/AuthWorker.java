package warren.auth;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import warren.contracts.auth.AuthApi;
import warren.contracts.auth.AuthEvents;
import warren.contracts.auth.LoggedOut;
import warren.contracts.auth.SessionEnded;
import warren.contracts.auth.User;
import warren.contracts.auth.UserSignedUp;
import warren.messaging.Warren;
import warren.messaging.service.ServiceRuntime;
import warren.messaging.service.ServiceSettings;

/**
 * The auth worker as a running thing: schema {@code auth} migrated, the RPC endpoints of {@link
 * AuthApi} served, {@code user.signed-up} published after each sign-up, {@link
 * warren.contracts.auth.SessionEnded} notified after each log-out, health served. {@link Main}
 * starts one per process; tests start one in-process.
 *
 * <pre>{@code
 * try (AuthWorker auth = AuthWorker.start(AuthWorker.Settings.forTest(vhost.amqpUri(), db.jdbcUrl()))) {
 *   web.call(AuthApi.SIGN_UP, new SignUp("ada", "correct horse"));
 * }
 * }</pre>
 */
public final class AuthWorker implements AutoCloseable {
  /** Health port of replica 1; replica n takes this + n - 1. */
  public static final int BASE_HEALTH_PORT = 8181;

  /**
   * Everything the auth worker is configured with.
   *
   * @param service broker, database, health port, replica
   * @param auth sessions, throttling and password hashing
   */
  public record Settings(ServiceSettings service, AuthConfig auth) {
    public Settings {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(auth, "auth");
    }

    /** From the environment (see {@link ServiceSettings} and {@link AuthConfig}). */
    public static Settings fromEnvironment(Map<String, String> env) {
      return new Settings(
          ServiceSettings.fromEnvironment("auth", BASE_HEALTH_PORT, env), AuthConfig.fromEnv(env));
    }

    /**
     * For tests: the given broker and database, topology declared by Warren, health on a free port,
     * and the cheapest password hashing allowed so sign-ups are fast.
     */
    public static Settings forTest(URI amqpUri, String databaseUrl) {
      AuthConfig defaults = AuthConfig.defaults();
      return new Settings(
          ServiceSettings.forTest("auth", amqpUri, databaseUrl),
          new AuthConfig(
              defaults.sessionTtl(), defaults.loginThrottle(), PasswordHasher.MIN_ITERATIONS));
    }
  }

  private final ServiceRuntime runtime;

  private AuthWorker(ServiceRuntime runtime) {
    this.runtime = runtime;
  }

  /** Starts with the system clock. */
  public static AuthWorker start(Settings settings) {
    return start(settings, Clock.systemUTC());
  }

  /**
   * Migrates, connects, serves {@link AuthApi}'s endpoints and starts the health server.
   *
   * @throws IllegalStateException when the database cannot be reached or migrated
   * @throws warren.messaging.BrokerUnavailableException when the broker cannot be reached
   */
  public static AuthWorker start(Settings settings, Clock clock) {
    return new AuthWorker(
        ServiceRuntime.start(
            settings.service(),
            (warren, database) -> {
              serve(warren, AuthHandlers.create(database.dataSource(), settings.auth(), clock));
              return null;
            }));
  }

  /** Registers the endpoints; the one place that says what auth serves. */
  static void serve(Warren warren, AuthHandlers handlers) {
    warren.serve(
        AuthApi.SIGN_UP,
        (request, context) -> {
          User user = handlers.signUp().handle(request, context);
          // After commit: the store learns the user from this event (its store.users queue).
          warren.publish(AuthEvents.USER_SIGNED_UP, new UserSignedUp(user.id(), user.username()));
          return user;
        });
    warren.serve(AuthApi.LOG_IN, handlers.logIn()::handle);
    warren.serve(AuthApi.CHECK_SESSION, handlers.checkSession()::handle);
    warren.serve(AuthApi.FIND_USER, handlers.findUser()::handle);
    warren.serve(
        AuthApi.LOG_OUT,
        (request, context) -> {
          LoggedOut out = handlers.logOut().handle(request, context);
          // After commit and before the answer: web instances cache checked sessions and drop
          // this one when they hear of it, so the token stops working on all of them. Confirmed:
          // the answer goes out on another connection and would otherwise overtake it.
          warren.notifyConfirmed(AuthApi.SESSION_ENDED_KEY, SessionEnded.of(request.token()));
          return out;
        });
  }

  /** This worker's connection to the mesh. */
  public Warren warren() {
    return runtime.warren();
  }

  /** The port of {@code /healthz}, {@code /readyz}, {@code /metrics}; -1 when none. */
  public int healthPort() {
    return runtime.healthPort();
  }

  /** Stops taking requests, finishes those in hand, closes the connections and the pool. */
  @Override
  public void close() {
    runtime.close();
  }
}
