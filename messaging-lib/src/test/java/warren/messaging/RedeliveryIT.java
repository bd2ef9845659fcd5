package warren.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static warren.messaging.Fixtures.JOBS;
import static warren.testkit.Conditions.waitUntil;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;
import warren.messaging.Fixtures.Job;
import warren.messaging.idempotency.Idempotency;
import warren.testkit.IsolatedVhost;
import warren.testkit.TestDatabase;

class RedeliveryIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();
  @RegisterExtension static final TestDatabase database = new TestDatabase();

  private static DataSource dataSource;

  @BeforeAll
  static void schema() throws SQLException {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(database.jdbcUrl());
    dataSource = ds;
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE processed_messages (message_id text PRIMARY KEY,"
              + " endpoint text NOT NULL, processed_at timestamptz NOT NULL DEFAULT now())");
      s.execute("CREATE TABLE jobs (id text PRIMARY KEY, applied int NOT NULL)");
    }
  }

  @Test
  void a_message_whose_worker_connection_died_mid_handling_is_delivered_again_and_applied_once()
      throws Exception {
    Idempotency once = new Idempotency(dataSource, "processed_messages");
    AtomicInteger deliveries = new AtomicInteger();
    CountDownLatch firstInside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (Warren worker = Fixtures.connect(broker, "test");
        Warren sender = Fixtures.connect(broker, "sender")) {
      worker.consume(
          JOBS,
          (job, ctx) -> {
            deliveries.incrementAndGet();
            once.once(
                ctx,
                tx -> {
                  apply(tx, job.id());
                  if (firstInside.getCount() == 1) {
                    firstInside.countDown();
                    release.await(10, TimeUnit.SECONDS); // the connection dies while we are here
                  }
                  return null;
                });
          });

      String id = sender.send(JOBS, new Job("job-1", "x"));
      firstInside.await(5, TimeUnit.SECONDS);
      broker.closeConnections(6);
      waitUntil(Duration.ofSeconds(20), () -> deliveries.get() == 2, "the broker to redeliver");
      release.countDown();

      // The redelivery waits on the first transaction's row lock, then finds the id applied.
      waitUntil(
          Duration.ofSeconds(10),
          () -> appliedCount("job-1") > 0,
          "the first transaction to commit");
      assertEquals(true, once.applied(id));
      waitUntil(Duration.ofSeconds(10), () -> broker.queueDepth("test.jobs") == 0, "acked");
      Thread.sleep(500);
      assertEquals(1, appliedCount("job-1"), "applied exactly once");
    }
  }

  @Test
  void a_handler_that_failed_inside_its_transaction_leaves_no_trace_and_runs_again()
      throws Exception {
    Idempotency once = new Idempotency(dataSource, "processed_messages");
    AtomicInteger attempts = new AtomicInteger();
    try (Warren worker = Fixtures.connect(broker, "test");
        Warren sender = Fixtures.connect(broker, "sender")) {
      worker.consume(
          JOBS,
          (job, ctx) ->
              once.once(
                  ctx,
                  tx -> {
                    apply(tx, job.id());
                    if (attempts.incrementAndGet() == 1) {
                      throw new IllegalStateException("crash after the insert");
                    }
                    return null;
                  }),
          EndpointOptions.defaults().retry(RetryPolicy.of(Duration.ofSeconds(1))));

      sender.send(JOBS, new Job("job-2", "x"));

      waitUntil(Duration.ofSeconds(10), () -> attempts.get() == 2, "the retry");
      waitUntil(Duration.ofSeconds(5), () -> appliedCount("job-2") == 1, "the second attempt");
    }
  }

  private static void apply(Connection tx, String id) throws SQLException {
    try (PreparedStatement s =
        tx.prepareStatement(
            "INSERT INTO jobs (id, applied) VALUES (?, 1)"
                + " ON CONFLICT (id) DO UPDATE SET applied = jobs.applied + 1")) {
      s.setString(1, id);
      s.executeUpdate();
    }
  }

  private static int appliedCount(String id) {
    try (Connection c = DriverManager.getConnection(database.jdbcUrl());
        PreparedStatement s = c.prepareStatement("SELECT applied FROM jobs WHERE id = ?")) {
      s.setString(1, id);
      ResultSet rs = s.executeQuery();
      return rs.next() ? rs.getInt(1) : 0;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
