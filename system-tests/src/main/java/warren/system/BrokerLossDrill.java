package warren.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Drill 2: the RabbitMQ application stopped for 20 s under load ({@code rabbitmqctl stop_app}, then
 * {@code start_app}, always, in a finally: the broker is shared). While it is away the API answers
 * 503 within its deadline and never hangs; every post answered 202 before the stop exists
 * afterwards; every service reconnects by itself; {@code /readyz} shows the outage and the
 * recovery.
 */
final class BrokerLossDrill implements Drill {
  static final Duration OUTAGE = Duration.ofSeconds(20);

  /** WARREN_CALL_DEADLINE's default, plus a second for a loaded machine. */
  static final long ANSWER_WITHIN_MILLIS = 6_000;

  static final int BURST = 40;

  @Override
  public String name() {
    return "broker-loss";
  }

  @Override
  public String description() {
    return "rabbitmqctl stop_app for 20 s under load, then start_app: the API answers 503 within"
        + " its deadline meanwhile (also to a burst of 40 at once), every post answered 202"
        + " exists afterwards, every service reconnects by itself, /readyz shows the outage and"
        + " the recovery.";
  }

  @Override
  public void run(DrillContext context, Figures figures, Checks checks) throws Exception {
    RunningSystem system = context.system();
    String run = DrillContext.runId(name());
    List<ApiClient.Session> authors = context.users(run, 4);
    PostLoad load =
        PostLoad.start(context.api(), authors, run, 1_000_000, 4, Duration.ofMillis(50));
    long stoppedAt;
    long restartingAt;
    long startedAt;
    List<ApiClient.Response> burst = new ArrayList<>();
    Outage watch = new Outage(system);
    long offset = load.elapsedMillis() - watch.millis();
    try {
      Waiting.pause(Duration.ofSeconds(5));
      Shell.Result stop = Shell.run(120, "rabbitmqctl", "stop_app");
      stoppedAt = load.elapsedMillis();
      DrillSuite.say("rabbitmqctl stop_app: " + stop.exit() + " " + stop.output());
      try {
        checks.check(stop.exit() == 0, "rabbitmqctl stop_app", stop.output());
        Waiting.pause(Duration.ofSeconds(5));
        burst.addAll(burst(context, authors.get(0)));
        Waiting.pause(OUTAGE.minusSeconds(5));
      } finally {
        // The broker takes posts again before start_app returns, and the services reconnect
        // within a second: the outage ends when start_app is issued, not when it returns.
        restartingAt = load.elapsedMillis();
        Shell.Result start = Shell.run(180, "rabbitmqctl", "start_app");
        startedAt = load.elapsedMillis();
        DrillSuite.say("rabbitmqctl start_app: " + start.exit() + " " + start.output());
        checks.check(start.exit() == 0, "rabbitmqctl start_app", start.output());
      }
      boolean recovered = Waiting.until(Duration.ofMinutes(2), system::allReady);
      figures.recoverySeconds = (load.elapsedMillis() - startedAt) / 1000.0;
      checks.check(
          recovered,
          "every process reconnected by itself and is ready again",
          String.format("%.1f s after start_app", figures.recoverySeconds));
      Waiting.pause(Duration.ofSeconds(5));
    } finally {
      load.close();
      watch.close();
    }

    List<PostLoad.Attempt> during =
        load.attempts().stream()
            .filter(a -> a.startedMillis() > stoppedAt && a.startedMillis() < restartingAt)
            .toList();
    List<PostLoad.Attempt> after =
        load.attempts().stream()
            .filter(a -> a.startedMillis() > startedAt + figures.recoverySeconds * 1000)
            .toList();
    Map<Integer, Long> duringStatuses = statuses(during);
    long slowest = during.stream().mapToLong(PostLoad.Attempt::millis).max().orElse(0);
    checks.check(
        !during.isEmpty() && duringStatuses.keySet().stream().allMatch(s -> s == 503),
        "while the broker was away every post was answered 503",
        duringStatuses);
    checks.check(
        slowest <= ANSWER_WITHIN_MILLIS,
        "each within " + ANSWER_WITHIN_MILLIS + " ms (no hang)",
        "slowest " + slowest + " ms");
    Map<Integer, Long> burstStatuses = new TreeMap<>();
    burst.forEach(r -> burstStatuses.merge(r.status(), 1L, Long::sum));
    long burstSlowest = burst.stream().mapToLong(r -> r.took().toMillis()).max().orElse(0);
    checks.check(
        burst.size() == BURST
            && burstStatuses.keySet().stream().allMatch(s -> s == 503)
            && burstSlowest <= ANSWER_WITHIN_MILLIS,
        BURST + " posts at once during the outage: all 503 in time (no thread pile-up)",
        burstStatuses + ", slowest " + burstSlowest + " ms");
    checks.check(
        after.stream().anyMatch(a -> a.status() == 202),
        "posts are accepted again after the recovery",
        statuses(after));
    Map<String, Boolean> reported =
        watch.reportedOutage(system.expectedLabels(), stoppedAt - offset, startedAt - offset);
    checks.check(
        reported.values().stream().allMatch(b -> b),
        "every process's /readyz reported the outage",
        reported);

    PostLedger.Tally tally =
        context
            .ledger()
            .awaitSettled(run, load.acknowledged(), Duration.ofSeconds(45), Duration.ofMinutes(3));
    figures.sent = load.sent();
    figures.acknowledged = load.acknowledged().size();
    figures.stored = tally.stored();
    figures.lost = tally.lost();
    figures.duplicated = tally.duplicated();
    checks.check(tally.lost() == 0, "every post answered 202 exists afterwards", tally.lost());
    checks.check(tally.duplicated() == 0, "no post is stored twice", tally.duplicated());
  }

  private static Map<Integer, Long> statuses(List<PostLoad.Attempt> attempts) {
    Map<Integer, Long> statuses = new TreeMap<>();
    attempts.forEach(a -> statuses.merge(a.status(), 1L, Long::sum));
    return statuses;
  }

  /** {@link #BURST} posts sent at the same moment. */
  private static List<ApiClient.Response> burst(DrillContext context, ApiClient.Session author)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(BURST);
    try {
      List<Future<ApiClient.Response>> answers = new ArrayList<>();
      for (int i = 0; i < BURST; i++) {
        String text = "broker-loss burst " + i;
        answers.add(pool.submit(() -> context.api().post(author, text, null)));
      }
      List<ApiClient.Response> responses = new ArrayList<>();
      for (Future<ApiClient.Response> answer : answers) {
        responses.add(answer.get());
      }
      return responses;
    } finally {
      pool.shutdownNow();
    }
  }
}
