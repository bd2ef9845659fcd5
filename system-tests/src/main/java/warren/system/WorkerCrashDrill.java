package warren.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Drill 1: {@code kill -9} a store worker three times while 5,000 posts go through the API (store
 * runs two replicas, killed in turn, so one is always up). Every post answered 202 must exist
 * exactly once afterwards: the killed worker's unacknowledged commands are redelivered, and the
 * message id recorded with each post keeps a redelivery from writing it twice.
 */
final class WorkerCrashDrill implements Drill {
  static final int POSTS = 5_000;
  static final int THREADS = 8;
  static final double POSTS_PER_SECOND = 50;
  static final List<String> VICTIMS = List.of("store-1", "store-2", "store-1");

  @Override
  public String name() {
    return "worker-crash";
  }

  @Override
  public String description() {
    return "kill -9 a store worker three times (store-1, store-2, store-1; ./warren up restarts"
        + " each) while 5,000 posts go through the API: every post answered 202 exists exactly"
        + " once afterwards.";
  }

  @Override
  public void run(DrillContext context, Figures figures, Checks checks) throws Exception {
    RunningSystem system = context.system();
    String run = DrillContext.runId(name());
    List<ApiClient.Session> authors = context.users(run, 10);
    long deadLettersBefore = context.messages("store.create-post.dlq");
    List<Double> recoveries = new ArrayList<>();
    int killedUnderLoad = 0;
    // Paced so that three kills, each waiting for the restarted worker, fit inside the load.
    PostLoad load =
        PostLoad.startPaced(context.api(), authors, run, POSTS, THREADS, POSTS_PER_SECOND);
    try {
      for (int k = 0; k < VICTIMS.size(); k++) {
        int threshold = (k + 1) * POSTS / (VICTIMS.size() + 1);
        Waiting.until(Duration.ofMinutes(3), () -> load.sent() >= threshold);
        if (load.sent() < POSTS) {
          killedUnderLoad++;
        }
        RunningSystem.Replica killed = system.killHard(VICTIMS.get(k));
        long killedAt = System.nanoTime();
        DrillSuite.say(
            "killed "
                + killed.label()
                + " (pid "
                + killed.pid()
                + ") after "
                + load.sent()
                + " posts");
        RunningSystem.Replica restarted = system.awaitRestarted(killed, Duration.ofMinutes(2));
        double seconds = (System.nanoTime() - killedAt) / 1e9;
        recoveries.add(seconds);
        DrillSuite.say(
            String.format(
                "%s back as pid %d and ready after %.1f s",
                restarted.label(), restarted.pid(), seconds));
      }
    } finally {
      load.await();
    }
    PostLedger.Tally tally =
        context
            .ledger()
            .awaitSettled(run, load.acknowledged(), Duration.ofSeconds(45), Duration.ofMinutes(3));
    figures.sent = load.sent();
    figures.acknowledged = load.acknowledged().size();
    figures.stored = tally.stored();
    figures.lost = tally.lost();
    figures.duplicated = tally.duplicated();
    figures.recoverySeconds = recoveries.stream().mapToDouble(d -> d).max().orElse(0);

    checks.check(load.sent() == POSTS, "all " + POSTS + " posts were sent", load.sent());
    checks.check(
        load.acknowledged().size() == POSTS,
        "every post was answered 202 (web needs only the broker)",
        load.statuses());
    checks.check(
        killedUnderLoad == VICTIMS.size(),
        "each kill -9 hit while posts were flowing",
        killedUnderLoad + " of " + VICTIMS.size());
    checks.check(
        recoveries.size() == VICTIMS.size(),
        "./warren up restarted the killed worker each time and it became ready",
        recoveries.stream().map(s -> String.format("%.1f s", s)).toList());
    checks.check(tally.lost() == 0, "no post answered 202 is missing", tally.lost() + " missing");
    checks.check(
        tally.duplicated() == 0, "no post is stored twice", tally.duplicated() + " extra copies");
    long deadLettersAfter = context.messages("store.create-post.dlq");
    checks.check(
        deadLettersAfter == deadLettersBefore,
        "no create-post command was dead-lettered",
        deadLettersBefore + " before, " + deadLettersAfter + " after");
    checks.check(system.allReady(), "every process is ready afterwards");
  }
}
