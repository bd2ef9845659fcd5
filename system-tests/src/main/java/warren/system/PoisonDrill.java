package warren.system;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Drill 4: 100 malformed messages published straight to each work queue by an independent AMQP
 * client (Debian's amqp-tools, {@code amqp-publish}), while good posts keep flowing, in each of
 * three rounds. Every poison message must end in its queue's dead-letter queue with a reason, and
 * good posts must be stored at a rate close to the one measured beside the same publishes to a
 * queue nobody reads, which each round measures just before its poison: the medians are compared,
 * since one window of a few seconds on a shared machine once measured half the rate of the one
 * before it for reasons of its own.
 */
final class PoisonDrill implements Drill {
  static final int PER_QUEUE = 100;
  static final int ROUNDS = 3;
  static final int GOOD_POSTS = 500;
  static final String MARKER = "x-drill-poison";

  @Override
  public String name() {
    return "poison";
  }

  @Override
  public String description() {
    return "100 malformed messages (not JSON, wrong shapes and types, empty, binary, NUL bytes,"
        + " 10,000-deep nesting) published by amqp-publish straight to each work queue while"
        + " good posts flow, in three rounds: all end in the dead-letter queues with a reason, good"
        + " traffic keeps its rate.";
  }

  @Override
  public void run(DrillContext context, Figures figures, Checks checks) throws Exception {
    String run = DrillContext.runId(name());
    List<String> queues = Amqp.workQueues();
    List<ApiClient.Session> authors = context.users(run, 4);
    Map<String, Long> before = new HashMap<>();
    for (String queue : queues) {
      before.put(queue, context.messages(queue + ".dlq"));
    }

    // The services' first posts warm their code and pools; not measured.
    goodPostsPerSecond(context, authors, run + "w", null);

    // Two publishers at a time. The baseline runs the same publishers, sending the same bodies to
    // a queue of the drill's own that no service reads: on a small machine the publishers' CPU
    // slows the good traffic down as much as the poison does, and only the poison should count.
    Publishers publishers = new Publishers(context.vhost(), queues, run);
    String control = "drill.poison-control." + run;
    try (Connection guest = Amqp.connect("guest", "guest", context.vhost());
        Channel channel = guest.createChannel()) {
      channel.queueDeclare(control, false, false, false, null);
    }
    List<Double> baselines = new ArrayList<>();
    List<Double> durings = new ArrayList<>();
    List<Future<Boolean>> published = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      List<Future<Boolean>> harmless = new ArrayList<>();
      baselines.add(
          goodPostsPerSecond(
              context,
              authors,
              run + "b" + round,
              publishers.sending(round, q -> control, harmless)));
      awaitAll(harmless); // the poison starts on an idle publisher pool, as the control did
      int first = published.size();
      durings.add(
          goodPostsPerSecond(
              context, authors, run + "p" + round, publishers.sending(round, q -> q, published)));
      awaitAll(published.subList(first, published.size()));
    }
    publishers.close();
    try (Connection guest = Amqp.connect("guest", "guest", context.vhost());
        Channel channel = guest.createChannel()) {
      channel.queueDelete(control);
    }
    double baseline = median(baselines);
    double during = median(durings);
    DrillSuite.say(
        String.format(
            "good posts stored per second, median of %d rounds: %.1f beside the same publishes to"
                + " a queue nobody reads %s, %.1f during the poison %s",
            ROUNDS, baseline, rates(baselines), during, rates(durings)));
    long acknowledged = 0;
    for (Future<Boolean> f : published) {
      acknowledged += f.get() ? 1 : 0;
    }

    Map<String, Integer> found = new HashMap<>();
    Map<String, Long> withoutReason = new HashMap<>();
    Waiting.until(
        Duration.ofMinutes(2),
        () ->
            queues.stream()
                .allMatch(
                    q ->
                        context.messages(q + ".dlq") >= before.get(q) + (long) ROUNDS * PER_QUEUE));
    long duplicated = 0;
    try (Connection guest = Amqp.connect("guest", "guest", context.vhost())) {
      for (String queue : queues) {
        List<Amqp.DeadLetter> letters =
            Amqp.peek(guest, queue + ".dlq", (int) (before.get(queue) + 10 * ROUNDS * PER_QUEUE));
        Map<String, Integer> seen = new HashMap<>();
        for (Amqp.DeadLetter letter : letters) {
          String marker = letter.header(MARKER);
          if (marker != null && marker.startsWith(run + "-" + queue + "-")) {
            seen.merge(marker, 1, Integer::sum);
            if (letter.header("x-warren-reason") == null
                || letter.header("x-warren-reason").isBlank()) {
              withoutReason.merge(queue, 1L, Long::sum);
            }
          }
        }
        found.put(queue, seen.size());
        duplicated += seen.values().stream().mapToInt(n -> n - 1).sum();
      }
    }
    long stored = found.values().stream().mapToLong(Integer::longValue).sum();
    long sent = (long) ROUNDS * PER_QUEUE * queues.size();
    figures.sent = sent;
    figures.acknowledged = acknowledged;
    figures.stored = stored;
    figures.lost = sent - stored;
    figures.duplicated = duplicated;

    checks.check(acknowledged == sent, "amqp-publish delivered every message", acknowledged);
    checks.check(
        stored == sent, "every poison message is in its dead-letter queue", found.toString());
    checks.check(
        withoutReason.isEmpty(), "every dead letter carries x-warren-reason", withoutReason);
    checks.check(duplicated == 0, "no poison message was dead-lettered twice", duplicated);
    // Good events may still be in flight for a moment; poison stuck in a queue would stay.
    Waiting.until(
        Duration.ofSeconds(30), () -> queues.stream().allMatch(q -> context.messages(q) == 0));
    Map<String, Long> left = new HashMap<>();
    queues.forEach(q -> left.put(q, context.messages(q)));
    checks.check(
        left.values().stream().allMatch(n -> n == 0), "no work queue is left with poison", left);
    checks.check(
        during >= baseline / 2,
        "good posts kept at least half the rate they had beside harmless publishes",
        String.format(
            "median %.1f/s beside harmless publishes %s, %.1f/s during %s",
            baseline, rates(baselines), during, rates(durings)));
    checks.check(context.system().allReady(), "every process is ready afterwards");
  }

  /** The drill's {@code amqp-publish} processes, two at a time. */
  private static final class Publishers {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final String vhost;
    private final List<String> queues;
    private final String run;

    Publishers(String vhost, List<String> queues, String run) {
      this.vhost = vhost;
      this.queues = queues;
      this.run = run;
    }

    /**
     * What publishes round {@code round}'s {@link #PER_QUEUE} malformed bodies per work queue, each
     * to the queue {@code target} names for it (the work queue itself, or a control queue); their
     * futures go to {@code published}.
     */
    Runnable sending(int round, UnaryOperator<String> target, List<Future<Boolean>> published) {
      return () -> {
        for (String queue : queues) {
          for (int i = 0; i < PER_QUEUE; i++) {
            String marker = run + "-" + queue + "-" + round + "-" + i;
            byte[] body = body(i, marker);
            String to = target.apply(queue);
            published.add(pool.submit(() -> publish(vhost, to, marker, body)));
          }
        }
      };
    }

    void close() throws InterruptedException {
      pool.shutdown();
      pool.awaitTermination(3, TimeUnit.MINUTES);
    }
  }

  /**
   * Sends {@link #GOOD_POSTS} posts while {@code alongside} runs; the rate at which they were all
   * stored. Fails the drill (by throwing) when one is lost.
   */
  private double goodPostsPerSecond(
      DrillContext context, List<ApiClient.Session> authors, String run, Runnable alongside)
      throws Exception {
    long started = System.nanoTime();
    PostLoad load = PostLoad.start(context.api(), authors, run, GOOD_POSTS, 4, Duration.ZERO);
    if (alongside != null) {
      alongside.run();
    }
    load.await();
    PostLedger.Tally tally =
        context
            .ledger()
            .awaitSettled(run, load.acknowledged(), Duration.ofSeconds(45), Duration.ofMinutes(2));
    double seconds = (System.nanoTime() - started) / 1e9;
    if (tally.lost() > 0 || load.acknowledged().size() < GOOD_POSTS) {
      throw new IllegalStateException(
          "good posts were not all accepted and stored: "
              + load.statuses()
              + ", "
              + tally.lost()
              + " of the acknowledged missing");
    }
    return GOOD_POSTS / seconds;
  }

  private static void awaitAll(List<Future<Boolean>> futures) throws Exception {
    for (Future<Boolean> f : futures) {
      f.get();
    }
  }

  private static double median(List<Double> rates) {
    List<Double> sorted = rates.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static String rates(List<Double> rates) {
    return rates.stream()
        .map(r -> String.format("%.1f", r))
        .collect(Collectors.joining(", ", "(", ")"));
  }

  /** Ten kinds of malformed body, in turn. */
  static byte[] body(int i, String marker) {
    String text =
        switch (i % 10) {
          case 0 -> marker + " is not JSON at all";
          case 1 -> "{\"broken\": \"" + marker + "\"";
          case 2 -> "[\"" + marker + "\"]";
          case 3 -> "\"" + marker + "\"";
          case 4 -> "{\"authorId\": [1, 2], \"text\": {\"a\": \"" + marker + "\"}, \"id\": 5}";
          case 5 -> "{\"unexpected\": \"" + marker + "\"}";
          case 6 -> "";
          case 7 -> "null";
          case 8 -> "[".repeat(10_000);
          default -> null;
        };
    if (text != null) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    return new byte[] {0, (byte) 0xff, (byte) 0xfe, 0, '{', (byte) 0xc3, 0x28, 0};
  }

  /** {@code amqp-publish} as guest, body on stdin; true when it exited 0. */
  static boolean publish(String vhost, String queue, String marker, byte[] body)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "amqp-publish",
                "--url=amqp://guest:guest@127.0.0.1:5672/" + vhost,
                "--routing-key=" + queue,
                "--persistent",
                "--content-type=application/json",
                "--header=" + MARKER + ": " + marker)
            .redirectErrorStream(true)
            .start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(body);
    }
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }
}
