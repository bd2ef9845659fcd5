package warren.web;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import warren.auth.AuthWorker;
import warren.messaging.Warren;
import warren.messaging.WarrenConfig;
import warren.notify.NotifyWorker;
import warren.store.StoreWorker;
import warren.testkit.IsolatedVhost;
import warren.testkit.TestDatabase;

/**
 * The app in one JVM for a test class: the real auth and store workers on the class's vhost and
 * database, and one or more web servers, each with its own Warren connection as service web.
 */
final class WebFixture implements AutoCloseable {
  static final String ADMIN = "root";
  static final String OPS_TOKEN = "ops-token-for-tests";

  private final IsolatedVhost vhost;
  private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();
  final List<String> accessLog = new CopyOnWriteArrayList<>();

  WebFixture(IsolatedVhost vhost) {
    this.vhost = vhost;
  }

  /** Starts auth and store on the class's database. */
  WebFixture workers(TestDatabase db) {
    closeables.add(0, AuthWorker.start(AuthWorker.Settings.forTest(vhost.amqpUri(), db.jdbcUrl())));
    closeables.add(
        0, StoreWorker.start(StoreWorker.Settings.forTest(vhost.amqpUri(), db.jdbcUrl())));
    return this;
  }

  /** Starts the notify worker too, with webhooks to local addresses allowed or not. */
  WebFixture notify(TestDatabase db, boolean allowPrivate) {
    NotifyWorker.Settings settings = NotifyWorker.Settings.forTest(vhost.amqpUri(), db.jdbcUrl());
    closeables.add(
        0,
        NotifyWorker.start(
            settings.withWebhooks(settings.webhooks().withAllowPrivate(allowPrivate))));
    return this;
  }

  /** A test configuration: free port, short keep-alive, 5 posts per hour per user. */
  WebConfig config() {
    return config(5);
  }

  /** The test configuration with another posting limit per hour. */
  WebConfig config(int postsPerHour) {
    return new WebConfig(
        "127.0.0.1",
        0,
        vhost.amqpUri().toString(),
        Set.of(ADMIN),
        OPS_TOKEN,
        vhost.broker().managementUri(),
        vhost.broker().user(),
        vhost.broker().password(),
        Duration.ofSeconds(5),
        postsPerHour,
        Duration.ofHours(1),
        Duration.ofSeconds(1),
        Duration.ZERO,
        true);
  }

  Warren webWarren(WarrenConfig.Builder builder) {
    Warren warren = Warren.connect(builder.service("web").uri(vhost.amqpUri()).build());
    closeables.add(0, warren);
    return warren;
  }

  WebServer web(WebConfig config, Warren warren) {
    WebServer server = WebServer.start(config, warren, accessLog::add, Clock.systemUTC());
    closeables.add(0, server);
    return server;
  }

  /** A web server with the test configuration and its own connection. */
  WebServer web() {
    return web(config());
  }

  /** A web server with this configuration and its own connection. */
  WebServer web(WebConfig config) {
    return web(config, webWarren(WarrenConfig.builder()));
  }

  URI amqpUri() {
    return vhost.amqpUri();
  }

  @Override
  public void close() {
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        System.err.println("closing " + c + ": " + e);
      }
    }
  }
}
