package warren.web;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import warren.messaging.Warren;
import warren.messaging.WarrenConfig;
import warren.web.http.AccessLog;
import warren.web.http.LineWriter;

/**
 * Runs the web tier: reads {@link WebConfig} from the environment, connects to the broker as
 * service {@code web}, serves HTTP until SIGTERM or Ctrl-C, then drains: {@code /readyz} turns to
 * 503 for {@code WARREN_DRAIN_DELAY} so balancers move traffic away, then streams end and the
 * server and connections close.
 *
 * <pre>./warren run web</pre>
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    WebConfig config;
    try {
      config = WebConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      log.error("web cannot start: {}", e.getMessage());
      System.exit(2);
      return;
    }
    try {
      run(config);
    } catch (RuntimeException e) {
      // Broker unreachable, topology missing, port taken: say which, exit non-zero for the
      // launcher.
      log.error("web cannot start: {}", e.getMessage(), e);
      System.exit(1);
    }
  }

  private static void run(WebConfig config) {
    Warren warren =
        Warren.connect(
            WarrenConfig.builder()
                .service("web")
                .uris(config.amqpUris())
                .defaultDeadline(config.callDeadline())
                .declareTopology(config.declareTopology())
                .build());
    LineWriter accessLog = AccessLog.toLoggerInBackground();
    WebServer server;
    try {
      server = WebServer.start(config, warren, accessLog, Clock.systemUTC());
    } catch (RuntimeException e) {
      accessLog.close();
      warren.close();
      throw e;
    }
    log.info("web listening on http://{}:{} ({})", config.host(), server.port(), config);
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .name("web-shutdown")
                .unstarted(
                    () -> {
                      log.info("draining for {} before stopping", config.drainDelay());
                      server.drain();
                      sleep(config.drainDelay().toMillis());
                      server.close();
                      accessLog.close();
                      warren.close();
                      log.info("web stopped");
                    }));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
