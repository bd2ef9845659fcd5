package warren.messaging.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static warren.testkit.Conditions.waitUntil;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.messaging.CommandEndpoint;
import warren.messaging.EndpointOptions;
import warren.messaging.RetryPolicy;
import warren.messaging.Warren;
import warren.messaging.ops.OpsFixtures.Order;
import warren.testkit.IsolatedVhost;

/**
 * A replay killed with SIGKILL halfway loses nothing: the replaying process is a real child JVM
 * running {@code warren dlq replay --all}, killed once the consumer has seen a few hundred of the
 * 1,000 replayed commands. Every command must then be either still dead-lettered or delivered.
 */
class KillDuringReplayIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();

  private static final int COMMANDS = 1_000;
  private static final int KILL_AFTER = 200;

  @Test
  void a_replay_killed_halfway_loses_no_message() throws Exception {
    CommandEndpoint<Order> bulk = OpsFixtures.orders("test.bulk");
    AtomicBoolean broken = new AtomicBoolean(true);
    Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    AtomicInteger total = new AtomicInteger();
    Set<String> sent = ConcurrentHashMap.newKeySet();

    try (Warren worker = OpsFixtures.warren(broker, "test", "w1");
        Warren sender = OpsFixtures.warren(broker, "sender", "s1");
        DeadLetters deadLetters = OpsFixtures.deadLetters(broker)) {
      worker.consume(
          bulk,
          (order, ctx) -> {
            if (broken.get()) {
              throw new IllegalStateException("kitchen closed");
            }
            total.incrementAndGet();
            deliveries
                .computeIfAbsent(ctx.messageId(), id -> new AtomicInteger())
                .incrementAndGet();
          },
          EndpointOptions.defaults().retry(RetryPolicy.none()));
      for (int i = 0; i < COMMANDS; i++) {
        sent.add(sender.send(bulk, new Order("k" + i, "soup")));
      }
      waitUntil(
          Duration.ofSeconds(60),
          () -> broker.queueDepth("test.bulk.dlq") == COMMANDS,
          COMMANDS + " dead letters");
      broken.set(false);

      Process replay = startReplay();
      waitUntil(
          Duration.ofSeconds(60),
          () -> total.get() >= KILL_AFTER || !replay.isAlive(),
          KILL_AFTER + " replayed commands delivered");
      replay.destroyForcibly();
      replay.waitFor();
      int deliveredAtKill = total.get();
      assertTrue(
          deliveredAtKill < COMMANDS,
          "the replay finished before it could be killed (" + deliveredAtKill + " delivered)");

      // The broker returns what the dead process held; wait until every id is accounted for.
      Set<String> stillDead = new HashSet<>();
      waitUntil(
          Duration.ofSeconds(20),
          () -> {
            stillDead.clear();
            deadLetters.read("test.bulk.dlq").forEach(l -> stillDead.add(l.id()));
            Set<String> seen = new HashSet<>(stillDead);
            seen.addAll(deliveries.keySet());
            return seen.containsAll(sent);
          },
          "each command either still dead-lettered or delivered");
      Set<String> both = new HashSet<>(stillDead);
      both.retainAll(deliveries.keySet());
      List<String> lost = new ArrayList<>(sent);
      lost.removeAll(stillDead);
      lost.removeAll(deliveries.keySet());
      int deliveredAfterKill = deliveries.size();

      // Finish the job in process; duplicates are what an idempotent consumer absorbs.
      long start = System.nanoTime();
      int replayedAgain = deadLetters.replay("test.bulk.dlq", Selection.all(), false).replayed();
      long replayMillis = (System.nanoTime() - start) / 1_000_000;
      waitUntil(Duration.ofSeconds(60), () -> deliveries.size() == COMMANDS, "all delivered");
      waitUntil(Duration.ofSeconds(10), () -> total.get() >= COMMANDS + both.size());
      int duplicates = total.get() - COMMANDS;
      System.out.printf(
          "kill-during-replay: %d commands; killed after %d deliveries; after the kill %d delivered,"
              + " %d still dead-lettered, %d in both (confirmed, not yet acked), %d lost;"
              + " second replay moved %d in %d ms; %d deliveries in all, %d duplicate(s)%n",
          COMMANDS,
          deliveredAtKill,
          deliveredAfterKill,
          stillDead.size(),
          both.size(),
          lost.size(),
          replayedAgain,
          replayMillis,
          total.get(),
          duplicates);
      assertEquals(List.of(), lost, "lost commands");
      assertEquals(0, broker.queueDepth("test.bulk.dlq"));
      assertTrue(duplicates <= both.size() + 1, "duplicates come only from the kill window");
    }
  }

  /** {@code warren dlq replay test.bulk.dlq --all} in a child JVM with this test's classpath. */
  private static Process startReplay() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("warren.messaging.cli.WarrenTool");
    command.addAll(List.of("dlq", "replay", "test.bulk.dlq", "--all"));
    command.addAll(OpsFixtures.connectionArgs(broker));
    File log = File.createTempFile("warren-replay-", ".log");
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
  }
}
