package warren.system;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Drill 7: past one machine's single broker. Three RabbitMQ nodes of the drill's own, clustered
 * ({@link RabbitCluster}), a second system started on them with {@code ./warren up} (every service
 * given all three addresses, every queue a quorum queue across the nodes, RPC queues included:
 * {@code WARREN_RPC_QUEUES=quorum}), and under load the node the services connect to first is
 * killed with {@code kill -9}, then started again. No post answered 202 is lost, the services move
 * to a live node by themselves, and the node rejoins.
 */
final class ClusterDrill implements Drill {
  static final String VHOST = "warren-cluster";
  static final String DATABASE = "warren_drills_cluster";

  @Override
  public boolean usesSharedSystem() {
    return false;
  }

  @Override
  public String name() {
    return "cluster";
  }

  @Override
  public String description() {
    return "three RabbitMQ nodes of the drill's own (ports 5681-5683), clustered, every queue a"
        + " quorum queue across them (WARREN_RPC_QUEUES=quorum), the services given all three"
        + " addresses; kill -9 of the node they use under load: no post answered 202 lost, the"
        + " services move to a live node, the node rejoins.";
  }

  /** Every replica ready, and a post started in the last two seconds was answered 202. */
  private static boolean accepting(RunningSystem system, PostLoad load) {
    long since = load.elapsedMillis() - 2000;
    return system.allReady()
        && load.attempts().stream().anyMatch(a -> a.startedMillis() > since && a.status() == 202);
  }

  @Override
  public void run(DrillContext context, Figures figures, Checks checks) throws Exception {
    String run = DrillContext.runId(name());
    try (RabbitCluster cluster = RabbitCluster.start()) {
      String before = RabbitCluster.runningNodes(1);
      checks.check(
          before.contains(RabbitCluster.node(2)) && before.contains(RabbitCluster.node(3)),
          "three nodes clustered",
          before);
      RunningSystem.Options options =
          new RunningSystem.Options(
              Map.of(),
              Map.of(
                  "WARREN_AMQP_ADDRESSES",
                  RabbitCluster.addresses(),
                  "WARREN_MGMT_URI",
                  "http://127.0.0.1:" + RabbitCluster.managementPort(1),
                  "WARREN_RPC_QUEUES",
                  "quorum",
                  "WARREN_POST_RATE_LIMIT",
                  "1000000"),
              DATABASE,
              VHOST,
              14_000,
              Repo.root().resolve("target/drills/cluster-system.log"));
      try (RunningSystem system = RunningSystem.start(options)) {
        String members =
            RabbitCluster.ctl(2, "list_queues", "-p", VHOST, "name", "members").output();
        for (String queue : List.of("store.create-post", "auth.check-session")) {
          String replicas =
              members.lines().filter(l -> l.startsWith(queue + "\t")).findFirst().orElse("");
          checks.check(
              replicas.contains(RabbitCluster.node(1))
                  && replicas.contains(RabbitCluster.node(2))
                  && replicas.contains(RabbitCluster.node(3)),
              queue + " is a quorum queue on all three nodes",
              replicas);
        }
        ApiClient api = new ApiClient(system.web(1), new Secrets());
        List<ApiClient.Session> authors =
            java.util.stream.IntStream.range(0, 4)
                .mapToObj(
                    i -> api.signUpAndLogIn(run + "_" + i, "pw-" + java.util.UUID.randomUUID()))
                .toList();
        PostLoad load = PostLoad.startPaced(api, authors, run, 100_000, 4, 30);
        long killedAt;
        try {
          Waiting.pause(Duration.ofSeconds(10));
          long pid = RabbitCluster.pid(1);
          ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
          killedAt = load.elapsedMillis();
          DrillSuite.say("killed " + RabbitCluster.node(1) + " (pid " + pid + ")");
          Waiting.pause(Duration.ofSeconds(2));
          boolean moved = Waiting.until(Duration.ofSeconds(60), () -> accepting(system, load));
          checks.check(
              moved,
              "with one node down, every service moved to a live node and posts are accepted",
              moved
                  ? String.format("%.1f s after the kill", (load.elapsedMillis() - killedAt) / 1e3)
                  : "not within 60 s: " + system.readiness());
          RabbitCluster.startNode(1);
          RabbitCluster.awaitNode(1);
          String after = RabbitCluster.runningNodes(2);
          checks.check(
              after.contains(RabbitCluster.node(1)), "the killed node rejoined the cluster", after);
          boolean recovered = Waiting.until(Duration.ofSeconds(90), () -> accepting(system, load));
          figures.recoverySeconds = (load.elapsedMillis() - killedAt) / 1000.0;
          checks.check(
              recovered,
              "posts are accepted again once it rejoined",
              String.format("%.1f s after the kill", figures.recoverySeconds));
          Waiting.pause(Duration.ofSeconds(5));
        } finally {
          load.close();
        }
        Map<Integer, Long> statuses = new java.util.TreeMap<>();
        load.attempts().stream()
            .filter(a -> a.startedMillis() > killedAt)
            .forEach(a -> statuses.merge(a.status(), 1L, Long::sum));
        long slowest =
            load.attempts().stream()
                .filter(a -> a.startedMillis() > killedAt)
                .mapToLong(PostLoad.Attempt::millis)
                .max()
                .orElse(0);
        checks.check(
            !statuses.containsKey(-1) && slowest <= BrokerLossDrill.ANSWER_WITHIN_MILLIS,
            "after the kill every post was answered in time (no hang)",
            statuses + ", slowest " + slowest + " ms");
        PostLedger.Tally tally =
            new PostLedger(DATABASE)
                .awaitSettled(
                    run, load.acknowledged(), Duration.ofSeconds(45), Duration.ofMinutes(3));
        figures.sent = load.sent();
        figures.acknowledged = load.acknowledged().size();
        figures.stored = tally.stored();
        figures.lost = tally.lost();
        figures.duplicated = tally.duplicated();
        checks.check(tally.lost() == 0, "no post answered 202 is lost", tally.lost());
        checks.check(tally.duplicated() == 0, "no post is stored twice", tally.duplicated());
        checks.check(system.allReady(), "every process is ready afterwards");
      }
    }
  }
}
