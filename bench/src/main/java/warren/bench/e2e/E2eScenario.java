package warren.bench.e2e;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import warren.bench.BenchBroker;
import warren.bench.Contender;
import warren.bench.Goals;
import warren.bench.Scenario;

/**
 * End to end, with every service running as README starts them ({@code ./warren up}, on a database,
 * vhost and ports of its own): posts per second against PerfTest's confirmed publish rate, timeline
 * reads per second against an Undertow → raw RPC → response endpoint, and the time from a post's
 * 202 to each of {@link #followers} connected followers' streams receiving it. The resident memory
 * of the four service JVMs is sampled throughout.
 *
 * <p>For the run the launcher gets {@code WARREN_POST_RATE_LIMIT=1000000} (the bench posts far more
 * than 20 a minute per user) and {@code WARREN_AUTH_PASSWORD_ITERATIONS=1000} (the least auth
 * accepts: 1,000 sign-ups at 210,000 PBKDF2 iterations would take minutes of this machine's CPU;
 * log-in speed is not what this scenario measures).
 */
public final class E2eScenario implements Scenario {
  static final String VHOST = "warren-bench-e2e";
  static final String DATABASE = "warren_bench";
  static final int PORT_OFFSET = 20_000;
  static final String PASSWORD = "bench-password-1";
  static final Duration START_TIMEOUT = Duration.ofSeconds(240);

  private int followers = 1000;
  private int posters = 16;
  private int setupThreads = 16;
  private PrintWriter progress = new PrintWriter(System.err, true);

  private BenchBroker broker;
  private WarrenUp system;
  private Memory memory;
  private Map<String, Double> peaks = Map.of();
  private double peakTotal = Double.NaN;

  public void followers(int n) {
    this.followers = n;
  }

  public void posters(int n) {
    this.posters = n;
  }

  public void progress(PrintWriter progress) {
    this.progress = progress;
  }

  @Override
  public String name() {
    return "e2e";
  }

  @Override
  public String description() {
    return "the whole app (./warren up): posts, timeline reads, post → "
        + followers
        + " followers' streams; references PerfTest and Undertow → raw RPC";
  }

  @Override
  public List<Integer> inFlights() {
    return List.of(64);
  }

  @Override
  public List<Contender> open(BenchBroker broker) throws Exception {
    this.broker = broker;
    Path root = Path.of("").toAbsolutePath();
    if (!Files.isExecutable(root.resolve("warren"))) {
      throw new IllegalStateException(
          "e2e starts ./warren up from the repository root; run it as ./warren bench e2e");
    }
    recreateDatabase();
    broker.management().deleteVhost(VHOST);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("WARREN_VHOST", VHOST);
    env.put("WARREN_PORT_OFFSET", Integer.toString(PORT_OFFSET));
    env.put("WARREN_DB_URL", "jdbc:postgresql://127.0.0.1:5432/" + DATABASE + "?user=postgres");
    env.put("WARREN_NO_BUILD", "true");
    env.put("WARREN_POST_RATE_LIMIT", "1000000");
    env.put("WARREN_AUTH_PASSWORD_ITERATIONS", "1000");
    Path log = root.resolve("bench/target/e2e-warren-up.log");
    progress.println(
        "e2e: starting ./warren up (vhost "
            + VHOST
            + ", database "
            + DATABASE
            + ", ports +"
            + PORT_OFFSET
            + "; its output goes to "
            + log
            + ")");
    long t0 = System.nanoTime();
    system = WarrenUp.start(root, env, log, START_TIMEOUT);
    Map<String, Long> pids = new LinkedHashMap<>();
    system.replicas().forEach((label, r) -> pids.put(label, r.pid()));
    progress.printf("e2e: ready in %.0f s: %s%n", (System.nanoTime() - t0) / 1e9, pids);
    memory = new Memory(pids);
    List<Contender> contenders = new ArrayList<>();
    try {
      Api api = new Api(URI.create("http://127.0.0.1:" + (8080 + PORT_OFFSET)));
      t0 = System.nanoTime();
      String author = "bench_author";
      String authorToken = api.signUpAndLogIn(author, PASSWORD);
      List<String> posterTokens = signUp(api, "bench_p", posters, null);
      List<String> followerTokens = signUp(api, "bench_f", followers, author);
      progress.printf(
          "e2e: %d users signed up and logged in, %d following %s, in %.0f s%n",
          1 + posters + followers, followers, author, (System.nanoTime() - t0) / 1e9);
      Path benchTarget = benchTarget();
      contenders.add(new PerfTestConfirm(broker.amqpUri(), benchTarget));
      contenders.add(new Posts(api, posterTokens, broker.management(), VHOST, progress));
      contenders.add(new HttpRawRpc(broker.connectionFactory(), 64));
      contenders.add(new Timeline(api, followerTokens));
      t0 = System.nanoTime();
      Followers streams = Followers.connect(api.base(), followerTokens, 4, Duration.ofSeconds(60));
      progress.printf(
          "e2e: %d follower streams open in %.1f s%n",
          streams.size(), (System.nanoTime() - t0) / 1e9);
      contenders.add(new PostToStream(api, authorToken, streams));
      return new Guarded(contenders, system).contenders();
    } catch (Exception | Error e) {
      for (Contender c : contenders) {
        c.close();
      }
      close();
      throw e;
    }
  }

  /** Signs up {@code n} users {@code prefix0001...} in parallel; each follows {@code author}. */
  private List<String> signUp(Api api, String prefix, int n, String author) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(setupThreads);
    try {
      List<Future<String>> tokens = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String username = String.format(Locale.ROOT, "%s%04d", prefix, i);
        tokens.add(
            pool.submit(
                () -> {
                  String token = api.signUpAndLogIn(username, PASSWORD);
                  if (author != null) {
                    api.follow(token, author);
                  }
                  return token;
                }));
      }
      List<String> result = new ArrayList<>();
      for (Future<String> t : tokens) {
        result.add(t.get(120, TimeUnit.SECONDS));
      }
      return result;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void recreateDatabase() throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", DATABASE)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException("dropdb " + DATABASE + " failed: " + out.strip());
    }
  }

  private static Path benchTarget() {
    try {
      // bench/target/classes → bench/target
      return Path.of(E2eScenario.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .getParent();
    } catch (Exception e) {
      throw new IllegalStateException("cannot find bench/target: " + e, e);
    }
  }

  @Override
  public List<Map<String, Object>> extraResults() {
    if (peaks.isEmpty()) {
      return List.of();
    }
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("scenario", name());
    o.put("contender", "memory");
    Map<String, Double> rounded = new LinkedHashMap<>();
    peaks.forEach((k, v) -> rounded.put(k, Math.round(v * 10) / 10.0));
    o.put("peakRssMiB", rounded);
    o.put("peakTotalRssMiB", Math.round(peakTotal * 10) / 10.0);
    return List.of(o);
  }

  @Override
  public List<Goals.Result> goals() {
    if (Double.isNaN(peakTotal)) {
      return List.of();
    }
    return List.of(
        new Goals.Result(
            "e2e web + auth + store + notify peak RSS < 1,536 MiB",
            peakTotal,
            1536,
            false,
            " MiB"));
  }

  @Override
  public void printExtras(PrintWriter out) {
    if (peaks.isEmpty()) {
      return;
    }
    out.println();
    out.println("| e2e service | peak RSS MiB |");
    out.println("|---|--:|");
    peaks.forEach((label, mib) -> out.printf(Locale.ROOT, "| %s | %.0f |%n", label, mib));
    out.printf(Locale.ROOT, "| total (highest sum in one sample) | %.0f |%n", peakTotal);
    out.flush();
  }

  /** Stops the memory sampler and the app ({@code ./warren up} and every service JVM). */
  @Override
  public void close() {
    if (memory != null) {
      try {
        memory.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      peaks = memory.peaks();
      peakTotal = memory.peakTotal();
      memory = null;
    }
    if (system != null) {
      progress.println("e2e: stopping ./warren up");
      system.close();
      system = null;
      if (broker != null) {
        broker.management().deleteVhost(VHOST);
      }
    }
  }

  /** Wraps each contender so a run fails clearly when ./warren up is gone. */
  private record Guarded(List<Contender> inner, WarrenUp system) {
    List<Contender> contenders() {
      return inner.stream().<Contender>map(c -> new Checked(c, system)).toList();
    }
  }

  private record Checked(Contender inner, WarrenUp system) implements Contender {
    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public String baseline() {
      return inner.baseline();
    }

    @Override
    public warren.bench.Sample run(int inFlight, Duration duration) throws Exception {
      system.checkUp();
      warren.bench.Sample s = inner.run(inFlight, duration);
      system.checkUp();
      return s;
    }

    @Override
    public void afterRun() throws Exception {
      inner.afterRun();
    }

    @Override
    public void close() throws Exception {
      inner.close();
    }
  }
}
