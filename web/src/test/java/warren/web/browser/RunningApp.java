package warren.web.browser;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import warren.auth.AuthWorker;
import warren.messaging.Warren;
import warren.messaging.WarrenConfig;
import warren.notify.NotifyWorker;
import warren.store.StoreWorker;
import warren.testkit.IsolatedVhost;
import warren.testkit.TestDatabase;
import warren.web.WebConfig;
import warren.web.WebServer;

/**
 * The whole app in this JVM, as a browser sees it: the real auth, store and notify workers on the
 * class's vhost (topology declared) and database, and web on a fixed local port, so it can be
 * stopped and started again on the same address while browsers stay on its pages.
 */
final class RunningApp implements AutoCloseable {
  /** Posting limit for tests: high enough that paging tests can post a few pages. */
  static final int POST_RATE_LIMIT = 1000;

  /**
   * How long web waits before reconnecting to the broker: long enough for a browser to act while
   * web has lost it.
   */
  static final Duration WEB_RECOVERY = Duration.ofSeconds(5);

  private final IsolatedVhost vhost;
  private final List<AutoCloseable> workers = new ArrayList<>();
  private final WebConfig config;
  private final Warren webWarren;
  private WebServer web;

  private RunningApp(IsolatedVhost vhost, TestDatabase db, Set<String> admins) {
    this.vhost = vhost;
    workers.add(AuthWorker.start(AuthWorker.Settings.forTest(vhost.amqpUri(), db.jdbcUrl())));
    workers.add(StoreWorker.start(StoreWorker.Settings.forTest(vhost.amqpUri(), db.jdbcUrl())));
    workers.add(NotifyWorker.start(NotifyWorker.Settings.forTest(vhost.amqpUri(), db.jdbcUrl())));
    config =
        new WebConfig(
            "127.0.0.1",
            freePort(),
            vhost.amqpUri().toString(),
            admins,
            null,
            vhost.broker().managementUri(),
            vhost.broker().user(),
            vhost.broker().password(),
            Duration.ofSeconds(5),
            POST_RATE_LIMIT,
            Duration.ofMinutes(1),
            Duration.ofSeconds(5),
            Duration.ZERO,
            true);
    webWarren =
        Warren.connect(
            WarrenConfig.builder()
                .service("web")
                .uri(vhost.amqpUri())
                .declareTopology(true)
                .recoveryInterval(WEB_RECOVERY)
                .build());
    startWeb();
  }

  static RunningApp start(IsolatedVhost vhost, TestDatabase db) {
    return new RunningApp(vhost, db, Set.of());
  }

  /** The app with these usernames as admins ({@code WARREN_ADMINS}). */
  static RunningApp start(IsolatedVhost vhost, TestDatabase db, Set<String> admins) {
    return new RunningApp(vhost, db, admins);
  }

  /** Where the pages are, e.g. {@code http://127.0.0.1:41234}. */
  String baseUrl() {
    return "http://127.0.0.1:" + config.port();
  }

  int port() {
    return config.port();
  }

  /** Stops web's HTTP server: open live streams end and new connections are refused. */
  void stopWeb() {
    web.close();
    web = null;
  }

  /** Starts web's HTTP server again on the same port and broker connection. */
  void startWeb() {
    web = WebServer.start(config, webWarren, line -> {}, Clock.systemUTC());
  }

  /**
   * Closes web's broker connections from the broker's side, as a network failure would; web
   * reconnects after {@link #WEB_RECOVERY}. The workers keep theirs.
   */
  void cutWebFromBroker() {
    vhost.closeConnectionsOf("web@", 3);
  }

  /** Whether web says it is ready (connected to the broker). */
  boolean webReady() {
    return webWarren.health().ready();
  }

  /** Live streams open on web right now. */
  int openStreams() {
    return web == null ? 0 : web.openStreams();
  }

  @Override
  public void close() {
    if (web != null) {
      web.close();
    }
    webWarren.close();
    for (AutoCloseable worker : workers.reversed()) {
      try {
        worker.close();
      } catch (Exception e) {
        System.err.println("closing " + worker + ": " + e);
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free local port for web: " + e, e);
    }
  }
}
