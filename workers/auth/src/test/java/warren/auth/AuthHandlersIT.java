package warren.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import warren.contracts.auth.AuthApi;
import warren.contracts.auth.AuthErrors;
import warren.contracts.auth.CheckSession;
import warren.contracts.auth.LogIn;
import warren.contracts.auth.LogOut;
import warren.contracts.auth.LoggedIn;
import warren.contracts.auth.LoggedOut;
import warren.contracts.auth.SignUp;
import warren.contracts.auth.User;
import warren.messaging.ServiceError;
import warren.messaging.service.ServiceDatabase;

/** The four auth handlers against a real PostgreSQL database of their own. */
class AuthHandlersIT {
  private static final String PASSWORD = "correct horse battery";
  private static final Duration SESSION_TTL = Duration.ofDays(30);

  private static FreshDatabase database;
  private static ServiceDatabase auth;

  private MutableClock clock;
  private AuthHandlers handlers;

  @BeforeAll
  static void createDatabase() throws SQLException {
    database = FreshDatabase.create();
    auth = ServiceDatabase.open("auth", database.jdbcUrl(), 4);
  }

  @AfterAll
  static void dropDatabase() throws SQLException {
    if (auth != null) {
      auth.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @BeforeEach
  void emptyTablesAndFreshHandlers() throws SQLException {
    sql("truncate auth.users, auth.sessions, auth.login_failures cascade");
    clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    handlers = handlersWithIterations(PasswordHasher.MIN_ITERATIONS);
  }

  @Test
  void signing_up_then_logging_in_gives_a_token_that_check_session_resolves_to_the_user()
      throws Exception {
    User alice = signUp("alice", PASSWORD);
    assertEquals("alice", alice.username());
    assertEquals(36, alice.id().length(), "user ids are UUIDs: " + alice.id());

    LoggedIn loggedIn = logIn("alice", PASSWORD);
    assertEquals(alice, loggedIn.user());
    assertEquals(alice, checkSession(loggedIn.token()));
  }

  @Test
  void signing_up_twice_with_one_username_answers_username_taken() throws Exception {
    signUp("bob", PASSWORD);
    assertError(AuthErrors.USERNAME_TAKEN, () -> signUp("bob", "another password"));
  }

  @Test
  void of_two_simultaneous_sign_ups_with_one_username_exactly_one_wins() throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      List<Future<User>> attempts =
          pool.invokeAll(List.of(() -> signUp("twin", PASSWORD), () -> signUp("twin", PASSWORD)));
      int won = 0;
      for (Future<User> attempt : attempts) {
        try {
          attempt.get();
          won++;
        } catch (ExecutionException e) {
          assertEquals(AuthErrors.USERNAME_TAKEN, ((ServiceError) e.getCause()).code());
        }
      }
      assertEquals(1, won);
    }
  }

  @Test
  void the_worker_refuses_invalid_usernames_and_passwords_itself() {
    assertError(AuthErrors.INVALID_USERNAME, () -> signUp("Bob!", PASSWORD));
    assertError(AuthErrors.INVALID_PASSWORD, () -> signUp("bob", "short"));
    assertError(AuthErrors.INVALID_PASSWORD, () -> signUp("bob", null));
  }

  @Test
  void a_wrong_password_and_an_unknown_user_get_the_same_bad_credentials_answer() throws Exception {
    signUp("carol", PASSWORD);
    ServiceError wrongPassword =
        assertError(AuthErrors.BAD_CREDENTIALS, () -> logIn("carol", "not the password"));
    ServiceError unknownUser =
        assertError(AuthErrors.BAD_CREDENTIALS, () -> logIn("nobody", PASSWORD));
    ServiceError malformedUser =
        assertError(AuthErrors.BAD_CREDENTIALS, () -> logIn("No Body", PASSWORD));
    assertEquals(wrongPassword.getMessage(), unknownUser.getMessage());
    assertEquals(wrongPassword.getMessage(), malformedUser.getMessage());
  }

  @Test
  void after_five_failures_even_the_right_password_is_rate_limited_until_the_window_passes()
      throws Exception {
    User dave = signUp("dave", PASSWORD);
    for (int i = 0; i < 5; i++) {
      assertError(AuthErrors.BAD_CREDENTIALS, () -> logIn("dave", "wrong password"));
      clock.advance(Duration.ofMinutes(1));
    }

    ServiceError limited = assertError(AuthErrors.RATE_LIMITED, () -> logIn("dave", PASSWORD));
    // The lock lasts 15 minutes from the last failure, which was 1 minute ago.
    assertEquals(
        Duration.ofMinutes(14).toSeconds(),
        AuthErrors.retryAfter(limited.getMessage()).orElseThrow().toSeconds());

    clock.advance(Duration.ofMinutes(13));
    assertError(AuthErrors.RATE_LIMITED, () -> logIn("dave", PASSWORD));

    clock.advance(Duration.ofMinutes(1));
    assertEquals(dave, logIn("dave", PASSWORD).user());
  }

  @Test
  void unknown_usernames_are_throttled_like_known_ones() {
    for (int i = 0; i < 5; i++) {
      assertError(AuthErrors.BAD_CREDENTIALS, () -> logIn("ghost", PASSWORD));
    }
    assertError(AuthErrors.RATE_LIMITED, () -> logIn("ghost", PASSWORD));
  }

  @Test
  void failures_older_than_the_window_are_forgotten_and_a_success_clears_the_count()
      throws Exception {
    signUp("erin", PASSWORD);
    for (int i = 0; i < 4; i++) {
      assertError(AuthErrors.BAD_CREDENTIALS, () -> logIn("erin", "wrong password"));
    }
    clock.advance(Duration.ofMinutes(15));
    for (int i = 0; i < 4; i++) {
      assertError(AuthErrors.BAD_CREDENTIALS, () -> logIn("erin", "wrong password"));
    }
    logIn("erin", PASSWORD);
    for (int i = 0; i < 4; i++) {
      assertError(AuthErrors.BAD_CREDENTIALS, () -> logIn("erin", "wrong password"));
    }
    logIn("erin", PASSWORD);
  }

  @Test
  void throttling_one_username_leaves_the_others_alone() throws Exception {
    User frank = signUp("frank", PASSWORD);
    for (int i = 0; i < 5; i++) {
      assertError(AuthErrors.BAD_CREDENTIALS, () -> logIn("grace", "wrong password"));
    }
    assertEquals(frank, logIn("frank", PASSWORD).user());
  }

  @Test
  void logging_out_revokes_that_token_only() throws Exception {
    User heidi = signUp("heidi", PASSWORD);
    LoggedIn laptop = logIn("heidi", PASSWORD);
    LoggedIn phone = logIn("heidi", PASSWORD);
    assertNotEquals(laptop.token(), phone.token());

    assertEquals(new LoggedOut(heidi), logOut(laptop.token()));

    assertError(AuthErrors.UNAUTHENTICATED, () -> checkSession(laptop.token()));
    assertError(AuthErrors.UNAUTHENTICATED, () -> logOut(laptop.token()));
    assertEquals(heidi, checkSession(phone.token()));
  }

  @Test
  void a_session_stops_working_when_its_time_to_live_has_passed() throws Exception {
    signUp("ivan", PASSWORD);
    LoggedIn loggedIn = logIn("ivan", PASSWORD);
    clock.advance(SESSION_TTL.minusSeconds(1));
    checkSession(loggedIn.token());
    clock.advance(Duration.ofSeconds(1));
    assertError(AuthErrors.UNAUTHENTICATED, () -> checkSession(loggedIn.token()));
    assertError(AuthErrors.UNAUTHENTICATED, () -> logOut(loggedIn.token()));
  }

  @Test
  void unknown_empty_and_oversized_tokens_are_unauthenticated() {
    assertError(AuthErrors.UNAUTHENTICATED, () -> checkSession("no-such-token"));
    assertError(AuthErrors.UNAUTHENTICATED, () -> checkSession(""));
    assertError(AuthErrors.UNAUTHENTICATED, () -> checkSession(null));
    assertError(AuthErrors.UNAUTHENTICATED, () -> checkSession("x".repeat(10_000)));
  }

  @Test
  void the_database_holds_neither_the_password_nor_the_token_but_the_token_sha256()
      throws Exception {
    signUp("judy", PASSWORD);
    LoggedIn loggedIn = logIn("judy", PASSWORD);

    List<String> rows = new ArrayList<>();
    rows.addAll(query("select row_to_json(u)::text from auth.users u"));
    rows.addAll(query("select row_to_json(s)::text from auth.sessions s"));
    rows.addAll(query("select encode(token_hash, 'escape') from auth.sessions"));
    assertEquals(3, rows.size(), rows.toString());
    for (String row : rows) {
      assertFalse(row.contains(PASSWORD), row);
      assertFalse(row.contains(loggedIn.token()), row);
    }
    assertTrue(rows.get(0).contains("pbkdf2-sha256$"), rows.get(0));

    try (Connection c = auth.dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select count(*) from auth.sessions where token_hash = sha256(convert_to(?,"
                    + " 'UTF8'))")) {
      s.setString(1, loggedIn.token());
      try (ResultSet r = s.executeQuery()) {
        r.next();
        assertEquals(1, r.getInt(1));
      }
    }
  }

  @Test
  void a_hash_made_with_fewer_iterations_is_upgraded_at_the_next_log_in() throws Exception {
    signUp("kim", PASSWORD);
    int stronger = 2 * PasswordHasher.MIN_ITERATIONS;
    handlers = handlersWithIterations(stronger);

    logIn("kim", PASSWORD);

    String stored = query("select password_hash from auth.users where username = 'kim'").get(0);
    assertTrue(stored.startsWith("pbkdf2-sha256$" + stronger + "$"), stored);
    logIn("kim", PASSWORD);
  }

  @Test
  void migrating_an_up_to_date_schema_again_changes_nothing() throws Exception {
    signUp("leo", PASSWORD);
    ServiceDatabase.migrate(auth.dataSource(), "auth");
    assertEquals(List.of("leo"), query("select username from auth.users"));
    assertEquals(
        List.of("login_failures", "processed_messages", "sessions", "users"),
        query(
            "select table_name::text from information_schema.tables"
                + " where table_schema = 'auth' and table_name <> 'flyway_schema_history'"
                + " order by table_name"));
  }

  private AuthHandlers handlersWithIterations(int iterations) {
    AuthConfig config = new AuthConfig(SESSION_TTL, LoginThrottle.Policy.DEFAULT, iterations);
    return AuthHandlers.create(auth.dataSource(), config, clock);
  }

  private User signUp(String username, String password) throws Exception {
    return handlers
        .signUp()
        .handle(new SignUp(username, password), TestMessageContext.of(AuthApi.SIGN_UP.name()));
  }

  private LoggedIn logIn(String username, String password) throws Exception {
    return handlers
        .logIn()
        .handle(new LogIn(username, password), TestMessageContext.of(AuthApi.LOG_IN.name()));
  }

  private User checkSession(String token) throws Exception {
    return handlers
        .checkSession()
        .handle(new CheckSession(token), TestMessageContext.of(AuthApi.CHECK_SESSION.name()));
  }

  private LoggedOut logOut(String token) throws Exception {
    return handlers
        .logOut()
        .handle(new LogOut(token), TestMessageContext.of(AuthApi.LOG_OUT.name()));
  }

  private static ServiceError assertError(String code, Executable call) {
    ServiceError error = assertThrows(ServiceError.class, call);
    assertEquals(code, error.code(), error.getMessage());
    return error;
  }

  private static void sql(String sql) throws SQLException {
    try (Connection c = auth.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static List<String> query(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = auth.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        rows.add(r.getString(1));
      }
    }
    return rows;
  }
}
