package warren.messaging.scaling;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import warren.messaging.CommandEndpoint;
import warren.messaging.EndpointOptions;
import warren.messaging.Warren;
import warren.messaging.WarrenConfig;
import warren.messaging.health.HealthServer;
import warren.messaging.health.ReadinessCheck;
import warren.messaging.idempotency.Idempotency;

/**
 * A worker for the scaling demonstration, run as a real child JVM by the {@link Supervisor}: it
 * consumes {@code demo.work} with a slowed handler that records every attempt and applies each
 * command once (idempotency table), serves {@code /readyz} and {@code /metrics} on {@code
 * WARREN_HEALTH_PORT}, and on SIGTERM closes its Warren (drain, ack, exit).
 */
public final class SlowWorker {
  record Work(int n) {}

  static final CommandEndpoint<Work> WORK = new CommandEndpoint<>("demo.work", Work.class);

  private SlowWorker() {}

  public static void main(String[] args) throws Exception {
    String replica = System.getenv("WARREN_REPLICA");
    long delay = Long.parseLong(System.getenv("DEMO_DELAY_MS"));
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(System.getenv("WARREN_DB_URL"));
    pool.setMaximumPoolSize(4);
    pool.setPoolName("demo-" + replica);
    HikariDataSource db = new HikariDataSource(pool);
    Idempotency idempotency = new Idempotency(db, "processed_messages");
    Warren warren =
        Warren.connect(
            WarrenConfig.builder()
                .service("demo")
                .instance("demo-" + replica)
                .uri(URI.create(System.getenv("WARREN_AMQP_URI")))
                .shutdownTimeout(Duration.ofSeconds(20))
                .build());
    warren.consume(
        WORK,
        (work, context) -> {
          try (Connection c = db.getConnection();
              PreparedStatement attempt =
                  c.prepareStatement("INSERT INTO attempts (message_id, replica) VALUES (?, ?)")) {
            attempt.setString(1, context.messageId());
            attempt.setInt(2, Integer.parseInt(replica));
            attempt.executeUpdate();
          }
          idempotency.once(
              context,
              tx -> {
                Thread.sleep(delay);
                try (PreparedStatement apply =
                    tx.prepareStatement(
                        "INSERT INTO applied (message_id, replica) VALUES (?, ?)")) {
                  apply.setString(1, context.messageId());
                  apply.setInt(2, Integer.parseInt(replica));
                  apply.executeUpdate();
                }
                return null;
              });
        },
        EndpointOptions.defaults().prefetch(2).concurrency(2));
    HealthServer health =
        HealthServer.start(
            "127.0.0.1",
            Integer.parseInt(System.getenv("WARREN_HEALTH_PORT")),
            warren,
            Map.of("database", ReadinessCheck.database(db)));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .name("demo-" + replica + "-shutdown")
                .unstarted(
                    () -> {
                      warren.close();
                      health.close();
                      db.close();
                      stopped.countDown();
                    }));
    stopped.await();
  }
}
