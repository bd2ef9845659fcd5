package warren.system;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import warren.messaging.management.ConnectionInfo;

/**
 * Drill 6: nobody let in. A non-admin gets 403 on every ops endpoint; a logged-out token is refused
 * everywhere; the database holds no recoverable password; each service connects as its own RabbitMQ
 * user and is refused when it consumes another service's queue or publishes where it should not;
 * the session cookie is HttpOnly and SameSite; no password or token in any log line of any process
 * (the whole run's output, so it runs last).
 */
final class SecurityDrill implements Drill {
  static final String DLQ = "store.create-post.dlq";

  /** Every ops endpoint of API.md, with a body where it takes one. */
  static final List<String[]> OPS =
      List.of(
          new String[] {"GET", "/api/v1/ops/queues", null},
          new String[] {"GET", "/api/v1/ops/dead-letters", null},
          new String[] {"GET", "/api/v1/ops/dead-letters/" + DLQ + "?limit=5", null},
          new String[] {"GET", "/api/v1/ops/dead-letters/" + DLQ + "/groups", null},
          new String[] {"POST", "/api/v1/ops/dead-letters/" + DLQ + "/replay", "{\"all\":true}"},
          new String[] {
            "POST", "/api/v1/ops/dead-letters/" + DLQ + "/replay?dryRun=true", "{\"all\":true}"
          },
          new String[] {
            "POST", "/api/v1/ops/dead-letters/" + DLQ + "/discard", "{\"ids\":[\"x\"]}"
          },
          new String[] {"GET", "/api/v1/ops/scaling", null},
          new String[] {"GET", "/api/v1/ops/graph", null});

  /** Every endpoint that needs a session. */
  static final List<String[]> AUTHENTICATED =
      List.of(
          new String[] {"GET", "/api/v1/me", null},
          new String[] {"GET", "/api/v1/timeline", null},
          new String[] {"POST", "/api/v1/posts", "{\"text\":\"after logout\"}"},
          new String[] {"PUT", "/api/v1/users/" + DrillContext.ADMIN + "/follow", null},
          new String[] {"DELETE", "/api/v1/users/" + DrillContext.ADMIN + "/follow", null},
          new String[] {"GET", "/api/v1/webhooks", null},
          new String[] {"POST", "/api/v1/webhooks", "{\"url\":\"https://example.org/hook\"}"},
          new String[] {"DELETE", "/api/v1/webhooks/1", null},
          new String[] {"DELETE", "/api/v1/sessions", null},
          new String[] {"GET", "/api/v1/stream", null});

  /** For each service: a queue of another service, and an exchange it may not publish to. */
  static final Map<String, String[]> TRESPASS =
      Map.of(
          "web", new String[] {"store.create-post", "warren.events"},
          "auth", new String[] {"store.create-post", "warren.commands"},
          "store", new String[] {"auth.login", "warren.notify"},
          "notify", new String[] {"auth.check-session", "warren.rpc"});

  private int probes;
  private int held;

  @Override
  public String name() {
    return "security";
  }

  @Override
  public String description() {
    return "a non-admin gets 403 on every ops endpoint, a logged-out token is refused everywhere,"
        + " no recoverable password in the database, each service is refused another's queue and"
        + " exchanges it may not publish to, the session cookie is HttpOnly and SameSite, no"
        + " password or token in any log line.";
  }

  @Override
  public void run(DrillContext context, Figures figures, Checks checks) throws Exception {
    String run = DrillContext.runId(name());
    ApiClient api = context.api();
    String sharedPassword = "pw-" + UUID.randomUUID();
    ApiClient.Session user = api.signUpAndLogIn(run + "_a", sharedPassword);
    api.signUpAndLogIn(run + "_b", sharedPassword);
    ApiClient.Session admin = api.signUpAndLogIn(DrillContext.ADMIN, "pw-" + UUID.randomUUID());

    opsEndpoints(api, user, admin, checks);
    loggedOutToken(api, run, checks);
    cookie(user, checks);
    database(context, run, sharedPassword, checks);
    brokerUsers(context, checks);
    Waiting.pause(Duration.ofSeconds(2)); // the last access log lines
    List<String> leaked = context.secrets().leakedIn(context.system().lines());
    probe(
        checks,
        leaked.isEmpty(),
        "no password or token in any of "
            + context.system().lines().size()
            + " log lines ("
            + context.secrets().size()
            + " secrets looked for)",
        leaked.isEmpty() ? null : leaked.subList(0, Math.min(3, leaked.size())));
    figures.sent = probes;
    figures.acknowledged = held;
    figures.lost = probes - held;
  }

  private boolean probe(Checks checks, boolean ok, String what, Object seen) {
    probes++;
    if (ok) {
      held++;
    }
    return checks.check(ok, what, seen);
  }

  private void opsEndpoints(
      ApiClient api, ApiClient.Session user, ApiClient.Session admin, Checks checks) {
    Map<String, Integer> anonymous = new TreeMap<>();
    Map<String, Integer> nonAdmin = new TreeMap<>();
    Map<String, Integer> asAdmin = new TreeMap<>();
    for (String[] op : OPS) {
      String key = op[0] + " " + op[1];
      anonymous.put(key, api.send(op[0], op[1], null, op[2]).status());
      nonAdmin.put(key, api.send(op[0], op[1], user, op[2]).status());
      asAdmin.put(
          key,
          op[0].equals("GET") || op[1].contains("dryRun")
              ? api.send(op[0], op[1], admin, op[2]).status()
              : 0);
    }
    probe(
        checks,
        anonymous.values().stream().allMatch(s -> s == 401),
        "anonymous: 401 on every ops endpoint",
        anonymous);
    probe(
        checks,
        nonAdmin.values().stream().allMatch(s -> s == 403),
        "logged in, not admin: 403 on every ops endpoint",
        nonAdmin);
    probe(
        checks,
        asAdmin.values().stream().allMatch(s -> s == 0 || s == 200),
        "the admin of WARREN_ADMINS gets 200 (read-only ones and a dry run)",
        asAdmin);
  }

  private void loggedOutToken(ApiClient api, String run, Checks checks) {
    ApiClient.Session session = api.signUpAndLogIn(run + "_out", "pw-" + UUID.randomUUID());
    probe(checks, api.get("/api/v1/me", session).status() == 200, "a fresh token works", null);
    int logout = api.logOut(session).status();
    probe(checks, logout == 204, "logging out answers 204", logout);
    Map<String, Integer> refused = new TreeMap<>();
    for (String[] endpoint : AUTHENTICATED) {
      refused.put(
          "bearer " + endpoint[0] + " " + endpoint[1],
          api.send(endpoint[0], endpoint[1], session, endpoint[2]).status());
    }
    refused.put(
        "cookie GET /api/v1/me",
        api.send(
                "GET",
                "/api/v1/me",
                null,
                null,
                Map.of("Cookie", "warren_session=" + session.token()))
            .status());
    probe(
        checks,
        refused.values().stream().allMatch(s -> s == 401),
        "the logged-out token gets 401 everywhere",
        refused);
  }

  private void cookie(ApiClient.Session user, Checks checks) {
    String cookie = user.setCookie();
    probe(
        checks,
        cookie.startsWith("warren_session=")
            && cookie.toLowerCase().contains("httponly")
            && cookie.toLowerCase().matches(".*samesite=(lax|strict).*"),
        "the session cookie is HttpOnly and SameSite",
        cookie.replace(user.token(), "<token>"));
  }

  private void database(DrillContext context, String run, String sharedPassword, Checks checks)
      throws Exception {
    List<String> holding = new ArrayList<>();
    Set<String> hashes = new HashSet<>();
    int users = 0;
    List<String> formats = new ArrayList<>();
    try (java.sql.Connection db = Postgres.connect(context.database())) {
      try (PreparedStatement sql =
          db.prepareStatement("SELECT password_hash FROM auth.users WHERE username LIKE ?")) {
        sql.setString(1, run + "\\_%");
        try (ResultSet rows = sql.executeQuery()) {
          while (rows.next()) {
            hashes.add(rows.getString(1));
            users++;
            formats.add(rows.getString(1).replaceAll("^(\\$?[a-zA-Z0-9-]+).*", "$1"));
          }
        }
      }
      List<String> tables = new ArrayList<>();
      try (ResultSet rows =
          db.createStatement()
              .executeQuery(
                  "SELECT table_schema || '.' || table_name FROM information_schema.tables"
                      + " WHERE table_schema IN ('auth', 'store', 'notify')"
                      + " AND table_type = 'BASE TABLE'")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      for (String table : tables) {
        for (String secret : context.secrets().all()) {
          try (PreparedStatement sql =
              db.prepareStatement(
                  "SELECT count(*) FROM " + table + " t WHERE strpos(t::text, ?) > 0")) {
            sql.setString(1, secret);
            try (ResultSet rows = sql.executeQuery()) {
              rows.next();
              if (rows.getLong(1) > 0) {
                holding.add(table);
              }
            }
          }
        }
      }
    }
    probe(
        checks,
        holding.isEmpty(),
        "no password or token in clear in any table of auth, store or notify",
        holding.isEmpty() ? null : new HashSet<>(holding));
    probe(
        checks,
        users >= 3 && hashes.size() == users && !hashes.contains(sharedPassword),
        "a different hash for each user, even for the same password (salted)",
        hashes.size()
            + " distinct hashes of "
            + users
            + " users, formats "
            + new HashSet<>(formats));
  }

  private void brokerUsers(DrillContext context, Checks checks) throws Exception {
    Map<String, String> users = new LinkedHashMap<>();
    for (ConnectionInfo c : context.management().connections(context.vhost())) {
      if (!c.clientName().equals("warren-drills")) {
        users.put(c.clientName().isEmpty() ? c.name() : c.clientName(), c.user());
      }
    }
    probe(
        checks,
        !users.isEmpty()
            && users.values().stream()
                // ops: web's connection for the dead-letter pages, as the operator user.
                .allMatch(u -> List.of("web", "auth", "store", "notify", "ops").contains(u))
            && users.entrySet().stream()
                .allMatch(
                    e -> e.getKey().contains("@") ? e.getKey().startsWith(e.getValue()) : true),
        "each service connects as its own RabbitMQ user",
        users);
    for (Map.Entry<String, String[]> entry : new TreeMap<>(TRESPASS).entrySet()) {
      String service = entry.getKey();
      String queue = entry.getValue()[0];
      String exchange = entry.getValue()[1];
      try (Connection connection =
          Amqp.connect(service, service + "-dev-password", context.vhost())) {
        String consume = refused(connection, ch -> ch.basicConsume(queue, new DefaultConsumer(ch)));
        probe(
            checks,
            consume.contains("ACCESS_REFUSED"),
            service + " may not consume " + queue,
            consume);
        String publish =
            refused(
                connection,
                ch -> {
                  ch.confirmSelect();
                  ch.basicPublish(exchange, "drill", null, "x".getBytes(StandardCharsets.UTF_8));
                  ch.waitForConfirmsOrDie(5_000);
                });
        probe(
            checks,
            publish.contains("ACCESS_REFUSED"),
            service + " may not publish to " + exchange,
            publish);
      }
    }
  }

  private interface ChannelAction {
    void run(Channel channel) throws Exception;
  }

  /** What the broker said to {@code action}: its refusal, or "allowed". */
  private static String refused(Connection connection, ChannelAction action) {
    try {
      Channel channel = connection.createChannel();
      action.run(channel);
      Waiting.pause(Duration.ofMillis(300));
      if (channel.isOpen()) {
        channel.close();
        return "allowed";
      }
      return String.valueOf(channel.getCloseReason().getReason());
    } catch (IOException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return cause.getMessage();
    } catch (Exception e) {
      return e.toString();
    }
  }
}
