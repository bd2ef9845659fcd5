package warren.system;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drill 3: PostgreSQL unavailable to store for 20 s. The drills' own database stops taking
 * connections ({@code ALTER DATABASE ... ALLOW_CONNECTIONS false}) and store's backends (known by
 * their {@code application_name}, {@code warren-store}) are terminated; auth keeps the connections
 * it has, and the shared server and every other database are untouched. Restored in a finally.
 * Commands wait in the queue, none is lost or dead-lettered because of the outage, store's {@code
 * /readyz} says 503, and the backlog is applied afterwards.
 */
final class DatabaseLossDrill implements Drill {
  static final Duration OUTAGE = Duration.ofSeconds(20);

  @Override
  public String name() {
    return "database-loss";
  }

  @Override
  public String description() {
    return "PostgreSQL unavailable to store for 20 s (its database refuses connections, store's"
        + " backends terminated) under load: posts are still accepted and wait in the queue,"
        + " none lost or dead-lettered, store's /readyz 503, the backlog applied after.";
  }

  @Override
  public void run(DrillContext context, Figures figures, Checks checks) throws Exception {
    RunningSystem system = context.system();
    String run = DrillContext.runId(name());
    String database = context.database();
    List<ApiClient.Session> authors = context.users(run, 4);
    long deadLettersBefore = context.messages("store.create-post.dlq");
    List<String> stores =
        system.expectedLabels().stream().filter(l -> l.startsWith("store-")).toList();
    PostLoad load =
        PostLoad.start(context.api(), authors, run, 1_000_000, 4, Duration.ofMillis(50));
    Outage watch = new Outage(system);
    AtomicLong deepest = new AtomicLong();
    long from;
    long to;
    try (Connection admin = Postgres.connect("postgres");
        Statement sql = admin.createStatement()) {
      Waiting.pause(Duration.ofSeconds(5));
      from = watch.millis();
      try {
        sql.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
        long until = System.nanoTime() + OUTAGE.toNanos();
        int terminated = 0;
        while (System.nanoTime() < until) {
          // Repeated: a connection opened just before the ALTER would otherwise survive.
          try (var rows =
              sql.executeQuery(
                  "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                      + " WHERE datname = '"
                      + database
                      + "' AND application_name = 'warren-store'")) {
            rows.next();
            terminated += rows.getInt(1);
          }
          deepest.accumulateAndGet(context.messages("store.create-post"), Math::max);
          Waiting.pause(Duration.ofSeconds(1));
        }
        DrillSuite.say("terminated " + terminated + " store connections during the outage");
        checks.check(terminated > 0, "store's connections were cut", terminated);
      } finally {
        sql.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
        to = watch.millis();
      }
      boolean recovered = Waiting.until(Duration.ofMinutes(2), system::allReady);
      figures.recoverySeconds = (watch.millis() - to) / 1000.0;
      checks.check(
          recovered,
          "every process is ready again",
          String.format("%.1f s after the database came back", figures.recoverySeconds));
      Waiting.pause(Duration.ofSeconds(5));
    } finally {
      load.close();
      watch.close();
    }
    Map<String, Boolean> reported = watch.reportedOutage(stores, from, to);
    checks.check(
        reported.values().stream().allMatch(b -> b), "store's /readyz reported 503", reported);
    checks.check(
        load.acknowledged().size() == load.sent(),
        "every post was accepted (202) during the outage too",
        load.statuses());
    checks.check(
        deepest.get() > 0, "commands waited in store.create-post", "deepest " + deepest.get());
    PostLedger.Tally tally =
        context
            .ledger()
            .awaitSettled(run, load.acknowledged(), Duration.ofSeconds(60), Duration.ofMinutes(3));
    figures.sent = load.sent();
    figures.acknowledged = load.acknowledged().size();
    figures.stored = tally.stored();
    figures.lost = tally.lost();
    figures.duplicated = tally.duplicated();
    checks.check(tally.lost() == 0, "the backlog was applied: no post is missing", tally.lost());
    checks.check(tally.duplicated() == 0, "no post is stored twice", tally.duplicated());
    long deadLettersAfter = context.messages("store.create-post.dlq");
    checks.check(
        deadLettersAfter == deadLettersBefore,
        "nothing was dead-lettered because of the outage",
        deadLettersBefore + " before, " + deadLettersAfter + " after");
  }
}
