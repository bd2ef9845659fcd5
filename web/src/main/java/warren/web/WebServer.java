package warren.web;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import warren.contracts.store.PostIds;
import warren.messaging.Warren;
import warren.messaging.health.HealthRoutes;
import warren.messaging.management.ManagementClient;
import warren.messaging.scaling.ScalingHints;
import warren.web.auth.AuthRoutes;
import warren.web.auth.Sessions;
import warren.web.http.AccessLog;
import warren.web.http.ApiErrors;
import warren.web.http.ApiException;
import warren.web.ops.AdminGuard;
import warren.web.ops.OpsRoutes;
import warren.web.ops.WorkerMetrics;
import warren.web.pages.PageRoutes;
import warren.web.posts.PostRoutes;
import warren.web.posts.PostingRateLimit;
import warren.web.posts.UserRoutes;
import warren.web.stream.StreamHub;
import warren.web.stream.StreamRoutes;
import warren.web.webhooks.WebhookRoutes;

/**
 * The web tier's HTTP server: the JSON API of API.md, the live stream, the pages and the health
 * endpoints on one port, talking to the workers only through {@link Warren}. {@link #routes()} is
 * the one place where routes are registered. Lifecycle: {@link #start} → {@link #drain()} (readyz
 * answers 503 so balancers stop sending traffic) → {@link #close()}.
 */
public final class WebServer implements AutoCloseable {
  /** Undertow worker threads: routes block on Warren calls for up to the call deadline. */
  static final int WORKER_THREADS = 64;

  private final WebConfig config;
  private final Warren warren;
  private final Sessions sessions;
  private final StreamHub hub;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final Clock clock;
  private final Undertow undertow;
  private OpsRoutes ops;

  private WebServer(WebConfig config, Warren warren, Consumer<String> accessLog, Clock clock) {
    this.config = config;
    this.warren = warren;
    this.clock = clock;
    this.sessions = new Sessions(warren, config.admins(), config.callDeadline());
    this.hub = new StreamHub(warren, config.streamKeepAlive());
    HttpHandler root = new AccessLog(routes(), accessLog, warren.meterRegistry(), clock);
    this.undertow =
        Undertow.builder()
            .addHttpListener(config.port(), config.host())
            .setWorkerThreads(WORKER_THREADS)
            .setHandler(root)
            .build();
  }

  /**
   * Starts serving.
   *
   * @param warren connected as service {@code web}; closed by the caller after {@link #close()}
   * @param accessLog where access log lines go ({@link AccessLog#toLogger()} in production)
   */
  public static WebServer start(
      WebConfig config, Warren warren, Consumer<String> accessLog, Clock clock) {
    WebServer server = new WebServer(config, warren, accessLog, clock);
    try {
      server.undertow.start();
    } catch (RuntimeException e) {
      server.hub.close();
      server.sessions.close();
      server.ops.close();
      throw e;
    }
    return server;
  }

  /** Every route, in one place (called once, by the constructor). */
  RoutingHandler routes() {
    RoutingHandler routes = new RoutingHandler();
    AdminGuard admins = new AdminGuard(sessions, config.opsToken());
    ManagementClient management =
        ManagementClient.builder()
            .uri(config.managementUri())
            .credentials(config.managementUser(), config.managementPassword())
            .build();
    // One advisor per process: it keeps the damping history, and its gauges go on /metrics.
    ScalingHints scaling =
        ScalingHints.builder(management, config.vhost())
            .meterRegistry(warren.meterRegistry())
            .metricsOf(WorkerMetrics.parse(config.workerMetrics()))
            .build();
    ops = OpsRoutes.create(admins, management, config.vhost(), config.opsAmqpUri(), scaling);
    new AuthRoutes(warren, sessions, config.callDeadline()).register(routes);
    new PostRoutes(
            warren,
            sessions,
            new PostingRateLimit(config.postRateLimit(), config.postRatePeriod()),
            new PostIds(clock, PostIds.secureRandomPerThread()),
            clock,
            config.callDeadline())
        .register(routes);
    new UserRoutes(warren, sessions, clock, config.callDeadline()).register(routes);
    new StreamRoutes(sessions, hub).register(routes);
    new WebhookRoutes(warren, sessions, config.callDeadline()).register(routes);
    ops.register(routes);
    new PageRoutes(ops, WebServer::notFound).register(routes);
    RoutingHandler health =
        new HealthRoutes(warren, Map.of("web", this::drainingProblem))
            .register(new RoutingHandler());
    routes.get("/healthz", health).get("/readyz", health).get("/metrics", health);
    routes.setFallbackHandler(WebServer::notFound);
    routes.setInvalidMethodHandler(
        exchange ->
            ApiErrors.send(
                exchange,
                new ApiException(
                    405,
                    "method_not_allowed",
                    exchange.getRequestMethod() + " is not allowed on this path.")));
    return routes;
  }

  /** The port it listens on (useful with port 0). */
  public int port() {
    return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  /** Open live streams on this instance. */
  public int openStreams() {
    return hub.size();
  }

  /** From now on {@code /readyz} answers 503 "draining"; requests are still served. */
  public void drain() {
    draining.set(true);
  }

  /** Ends the live streams, then stops the HTTP server. Does not close the {@link Warren}. */
  @Override
  public void close() {
    draining.set(true);
    hub.close();
    undertow.stop();
    sessions.close();
    ops.close();
  }

  private Optional<String> drainingProblem() {
    return draining.get()
        ? Optional.of("draining: this instance is shutting down, send traffic elsewhere")
        : Optional.empty();
  }

  private static void notFound(io.undertow.server.HttpServerExchange exchange) {
    ApiErrors.send(
        exchange, ApiException.notFound("Nothing here: see API.md for the paths there are."));
  }
}
