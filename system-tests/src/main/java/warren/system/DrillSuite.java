package warren.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code ./warren drill [name ...]}: starts the system with {@code ./warren up --scale store=2} on
 * a fresh database, runs the drills one after the other, prints each one's figures and checks, and
 * writes {@code target/drills.json} and {@code docs/drills.md}. Exits 1 when a drill failed.
 */
public final class DrillSuite {
  /** A drill that takes longer than this is stopped and counted as failed. */
  static final Duration DRILL_TIMEOUT = Duration.ofMinutes(6);

  static final String DATABASE = "warren_drills";
  static final String VHOST = "warren-drills";

  private DrillSuite() {}

  /** Every drill, in the order the suite runs them. */
  static List<Drill> all() {
    return List.of(
        new WorkerCrashDrill(),
        new PoisonDrill(),
        new GarbageDrill(),
        new BrokerLossDrill(),
        new DatabaseLossDrill(),
        new SecurityDrill(),
        new ClusterDrill());
  }

  public static void main(String[] args) throws Exception {
    List<Drill> chosen = choose(args);
    if (chosen == null) {
      return;
    }
    Path root = Repo.root();
    Secrets secrets = new Secrets();
    String opsToken = "ops-" + UUID.randomUUID();
    Map<String, Integer> scale = new HashMap<>(Map.of("store", 2));
    if (!Files.exists(root.resolve("workers/notify/target/classes/warren/notify/Main.class"))) {
      say("notify is not built (no warren.notify.Main): running without it; its drills fail");
      scale.put("notify", 0);
    }
    RunningSystem.Options options =
        new RunningSystem.Options(
            scale,
            Map.of(
                "WARREN_POST_RATE_LIMIT",
                "1000000",
                "WARREN_OPS_TOKEN",
                opsToken,
                "WARREN_ADMINS",
                DrillContext.ADMIN),
            DATABASE,
            VHOST,
            RunningSystem.DEFAULT_PORT_OFFSET,
            root.resolve("target/drills/system.log"));
    Files.deleteIfExists(options.logFile());
    List<DrillResult> results = new ArrayList<>();
    RunningSystem system = null;
    ExecutorService runner =
        Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("drill").unstarted(r));
    try {
      for (Drill drill : chosen) {
        if (!drill.usesSharedSystem()) {
          if (system != null) {
            system.close();
            system = null;
          }
          results.add(run(drill, null, runner));
          continue;
        }
        if (system == null) {
          say("starting the system: ./warren up --scale store=2 (log: target/drills/system.log)");
          system = RunningSystem.start(options);
        } else if (!system.isUp() || !Waiting.until(Duration.ofSeconds(90), system::allReady)) {
          say(
              "the system is not healthy ("
                  + (system.isUp() ? system.readiness() : "./warren up exited")
                  + "); starting it again");
          system.close();
          system = RunningSystem.start(options);
        }
        results.add(run(drill, new DrillContext(system, secrets, opsToken), runner));
      }
    } finally {
      runner.shutdownNow();
      if (system != null) {
        system.close();
      }
    }
    List<DrillResult> merged =
        DrillReport.merge(
            root.resolve("target/drills.json"), root.resolve("docs/drills.md"), results, all());
    DrillReport.writeJson(root.resolve("target/drills.json"), merged);
    DrillReport.writeMarkdown(root.resolve("docs/drills.md"), merged, all());
    say("wrote target/drills.json and docs/drills.md");
    summary(results);
    System.exit(results.stream().allMatch(DrillResult::passed) ? 0 : 1);
  }

  private static List<Drill> choose(String[] args) {
    if (args.length == 1 && args[0].equals("--list")) {
      all().forEach(d -> System.out.printf("%-14s %s%n", d.name(), d.description()));
      return null;
    }
    if (args.length == 0) {
      return all();
    }
    List<Drill> chosen = new ArrayList<>();
    for (String name : args) {
      chosen.add(
          all().stream()
              .filter(d -> d.name().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "no drill named '"
                              + name
                              + "'; the drills are: "
                              + all().stream().map(Drill::name).toList())));
    }
    return chosen;
  }

  static DrillResult run(Drill drill, DrillContext context, ExecutorService runner) {
    say("drill " + drill.name() + ": " + drill.description());
    Drill.Figures figures = new Drill.Figures();
    Checks checks = new Checks();
    long started = System.nanoTime();
    Future<?> running =
        runner.submit(
            () -> {
              drill.run(context, figures, checks);
              return null;
            });
    try {
      running.get(DRILL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      running.cancel(true);
      checks.check(false, "the drill finished within " + DRILL_TIMEOUT);
      waitForCancelled(running);
    } catch (ExecutionException e) {
      checks.failed("the drill ran to its end", e.getCause());
      e.getCause().printStackTrace();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      checks.failed("the drill ran to its end", e);
    }
    DrillResult result =
        new DrillResult(
            drill.name(),
            figures.sent,
            figures.acknowledged,
            figures.stored,
            figures.lost,
            figures.duplicated,
            Math.round(figures.recoverySeconds * 10) / 10.0,
            checks.passed(),
            checks.lines(),
            (System.nanoTime() - started) / 1e9);
    print(result);
    return result;
  }

  /** A cancelled drill still restores what it broke in its finally blocks: wait for that. */
  private static void waitForCancelled(Future<?> running) {
    Waiting.until(Duration.ofSeconds(60), running::isDone);
  }

  static void print(DrillResult r) {
    System.out.printf(
        Locale.ROOT,
        "%n%-14s sent %d, acknowledged %d, stored %d, lost %d, duplicated %d,"
            + " recovered in %.1f s — %s (%.0f s)%n",
        r.drill(),
        r.sent(),
        r.acknowledged(),
        r.stored(),
        r.lost(),
        r.duplicated(),
        r.recoverySeconds(),
        r.passed() ? "PASSED" : "FAILED",
        r.durationSeconds());
    r.checks().forEach(line -> System.out.println("    " + line));
    System.out.flush();
  }

  private static void summary(List<DrillResult> results) {
    System.out.printf(
        "%n%-14s %7s %7s %7s %5s %5s %9s %s%n",
        "drill", "sent", "acked", "stored", "lost", "dup", "recov(s)", "result");
    for (DrillResult r : results) {
      System.out.printf(
          Locale.ROOT,
          "%-14s %7d %7d %7d %5d %5d %9.1f %s%n",
          r.drill(),
          r.sent(),
          r.acknowledged(),
          r.stored(),
          r.lost(),
          r.duplicated(),
          r.recoverySeconds(),
          r.passed() ? "passed" : "FAILED");
    }
  }

  static void say(String message) {
    System.out.println("drills: " + message);
    System.out.flush();
  }
}
