package warren.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.contracts.auth.AuthApi;
import warren.contracts.auth.AuthErrors;
import warren.contracts.auth.AuthEvents;
import warren.contracts.auth.CheckSession;
import warren.contracts.auth.FindUser;
import warren.contracts.auth.LogIn;
import warren.contracts.auth.LogOut;
import warren.contracts.auth.LoggedIn;
import warren.contracts.auth.SignUp;
import warren.contracts.auth.User;
import warren.contracts.auth.UserSignedUp;
import warren.messaging.RemoteException;
import warren.messaging.Warren;
import warren.messaging.WarrenConfig;
import warren.testkit.Conditions;
import warren.testkit.IsolatedVhost;
import warren.testkit.TestDatabase;

/** The auth worker started in-process, called over AMQP the way web calls it. */
class AuthWorkerIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();
  @RegisterExtension static final TestDatabase database = new TestDatabase();

  static AuthWorker auth;
  static Warren web;
  static Warren listener;
  static final List<UserSignedUp> signedUp = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    auth = AuthWorker.start(AuthWorker.Settings.forTest(broker.amqpUri(), database.jdbcUrl()));
    web = Warren.connect(WarrenConfig.builder().service("web").uri(broker.amqpUri()).build());
    listener =
        Warren.connect(WarrenConfig.builder().service("probe").uri(broker.amqpUri()).build());
    listener.subscribe("probe.signups", AuthEvents.USER_SIGNED_UP, (e, ctx) -> signedUp.add(e));
  }

  @AfterAll
  static void stop() {
    if (listener != null) {
      listener.close();
    }
    if (web != null) {
      web.close();
    }
    if (auth != null) {
      auth.close();
    }
  }

  @Test
  void sign_up_log_in_check_and_log_out_reach_the_handlers_and_the_database() {
    User ada = web.call(AuthApi.SIGN_UP, new SignUp("ada", "correct horse battery"));
    LoggedIn session = web.call(AuthApi.LOG_IN, new LogIn("ada", "correct horse battery"));
    assertEquals(ada, session.user());
    assertEquals(ada, web.call(AuthApi.CHECK_SESSION, new CheckSession(session.token())));
    assertEquals(ada, web.call(AuthApi.LOG_OUT, new LogOut(session.token())).user());
    RemoteException revoked =
        assertThrows(
            RemoteException.class,
            () -> web.call(AuthApi.CHECK_SESSION, new CheckSession(session.token())));
    assertEquals(AuthErrors.UNAUTHENTICATED, revoked.code());
  }

  @Test
  void a_taken_username_comes_back_as_its_error_code() {
    web.call(AuthApi.SIGN_UP, new SignUp("bob", "correct horse battery"));
    RemoteException taken =
        assertThrows(
            RemoteException.class,
            () -> web.call(AuthApi.SIGN_UP, new SignUp("bob", "another good one")));
    assertEquals(AuthErrors.USERNAME_TAKEN, taken.code());
  }

  @Test
  void find_user_answers_a_user_as_soon_as_the_sign_up_was_answered() {
    User dee = web.call(AuthApi.SIGN_UP, new SignUp("dee", "correct horse battery"));
    assertEquals(dee, web.call(AuthApi.FIND_USER, new FindUser("dee")));
  }

  @Test
  void find_user_is_not_found_for_a_username_nobody_has_or_nobody_could_have() {
    for (String name : new String[] {"nobody_here", "Not A Name!", ""}) {
      RemoteException missing =
          assertThrows(
              RemoteException.class, () -> web.call(AuthApi.FIND_USER, new FindUser(name)), name);
      assertEquals(AuthErrors.NOT_FOUND, missing.code(), name);
    }
  }

  @Test
  void each_sign_up_is_published_as_user_signed_up() {
    User cy = web.call(AuthApi.SIGN_UP, new SignUp("cyd", "correct horse battery"));
    Conditions.waitUntil(
        Duration.ofSeconds(5),
        () -> signedUp.contains(new UserSignedUp(cy.id(), "cyd")),
        "user.signed-up for cyd");
  }

  @Test
  void readyz_is_200_with_the_broker_and_the_database_up() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + auth.healthPort() + "/readyz"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
  }
}
