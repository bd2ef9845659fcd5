package warren.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static warren.messaging.Fixtures.JOBS;
import static warren.testkit.Conditions.waitUntil;

import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;
import warren.messaging.BatchCommandHandler.Delivered;
import warren.messaging.Fixtures.Job;
import warren.messaging.internal.Headers;
import warren.testkit.IsolatedVhost;
import warren.testkit.TestDatabase;

/**
 * Commands handled in batches, on the real broker and database: messages already waiting go to the
 * handler together and are stored in one transaction, acked only after it committed; a poison
 * message, a database error or a lost connection in the middle of a batch costs its batch-mates
 * nothing and stores nothing twice.
 */
class BatchIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();
  @RegisterExtension static final TestDatabase database = new TestDatabase();

  private static final EndpointOptions ONE_THREAD =
      EndpointOptions.defaults()
          .prefetch(100)
          .concurrency(1)
          .maxBatch(64)
          .retry(RetryPolicy.none());

  private static DataSource dataSource;

  private final List<DeliveryHook.Handled> handled = new CopyOnWriteArrayList<>();
  private Warren worker;
  private Warren sender;

  @BeforeAll
  static void schema() throws SQLException {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(database.jdbcUrl());
    dataSource = ds;
    sql(
        "CREATE TABLE jobs (id text PRIMARY KEY, payload text NOT NULL CHECK (payload <> 'violates'))");
  }

  @BeforeEach
  void connect() throws SQLException {
    sql("TRUNCATE jobs");
    worker = Warren.connect(Fixtures.config(broker, "test").deliveryHook(handled::add).build());
    sender = Fixtures.connect(broker, "sender");
  }

  @AfterEach
  void close() {
    sender.close();
    worker.close();
    Fixtures.purgeJobs(broker);
  }

  @Test
  void waiting_messages_are_stored_in_batches_of_one_transaction_each_and_all_acked()
      throws Exception {
    JobsTable table = new JobsTable();
    worker.consumeBatches(JOBS, table, ONE_THREAD);

    List<String> sent = sendBehindGate(table, "a", 100);
    waitUntil(Duration.ofSeconds(10), () -> broker.queueDepth("test.jobs") == 0, "all pushed");
    assertEquals(0, rows(), "nothing stored before the first batch may commit");
    table.gate.countDown();

    waitUntil(Duration.ofSeconds(10), () -> rows() == 100, "100 jobs stored");
    assertEquals(List.of(1, 64, 35), table.sizes, "one message, then what was waiting, 64 at most");
    waitUntil(Duration.ofSeconds(5), () -> handled.size() == 100, "a hook call per message");
    assertTrue(handled.stream().allMatch(h -> h.outcome() == DeliveryHook.Outcome.OK));
    assertEquals(sent, handled.stream().map(DeliveryHook.Handled::messageId).toList());
    worker.close(); // unacked messages would go back to the queue now
    assertEquals(0, broker.queueDepth("test.jobs"), "every message acked");
  }

  @Test
  void a_poison_message_inside_a_batch_is_dead_lettered_alone_and_its_batch_mates_are_stored()
      throws Exception {
    JobsTable table = new JobsTable();
    worker.consumeBatches(JOBS, table, ONE_THREAD);

    sendBehindGate(table, "a", 6);
    sender.send(JOBS, new Job("rejected", "poison"));
    broker.publishRaw(
        "warren.commands", "test.jobs", "not json {".getBytes(StandardCharsets.UTF_8), Map.of());
    sender.send(JOBS, new Job("failed", "crash"));
    sendJobs("b", 6);
    waitUntil(Duration.ofSeconds(10), () -> broker.queueDepth("test.jobs") == 0, "all pushed");
    table.gate.countDown();

    waitUntil(Duration.ofSeconds(10), () -> broker.queueDepth("test.jobs.dlq") == 3, "3 dead");
    waitUntil(Duration.ofSeconds(5), () -> rows() == 12, "the 12 good jobs stored");
    // The first message alone, then the 13 readable others failed together, then one at a time.
    assertEquals(1, table.sizes.get(0));
    assertEquals(13, table.sizes.get(1));
    assertEquals(13, table.sizes.size() - 2, "each of the 13 handled again alone");
    Map<String, String> reasons = new HashMap<>();
    for (int i = 0; i < 3; i++) {
      GetResponse dead = broker.take("test.jobs.dlq");
      Map<String, Object> h = dead.getProps().getHeaders();
      String body = new String(dead.getBody(), StandardCharsets.UTF_8);
      reasons.put(Headers.string(h, Headers.REASON), body);
      if ("rejected".equals(Headers.string(h, Headers.REASON))) {
        assertEquals("invalid_job", Headers.string(h, Headers.ERROR_CODE));
      }
    }
    assertEquals("not json {", reasons.get("unreadable"));
    assertTrue(reasons.get("rejected").contains("poison"), reasons.toString());
    assertTrue(reasons.get("failed").contains("crash"), reasons.toString());
    waitUntil(Duration.ofSeconds(5), () -> handled.size() == 15, "one hook call per message");
    assertEquals(12, handled.stream().filter(h -> h.outcome() == DeliveryHook.Outcome.OK).count());
    assertEquals(
        3, handled.stream().filter(h -> h.outcome() == DeliveryHook.Outcome.DEAD_LETTERED).count());
  }

  @Test
  void a_database_error_mid_batch_rolls_it_back_and_each_message_is_applied_alone()
      throws Exception {
    JobsTable table = new JobsTable();
    worker.consumeBatches(JOBS, table, ONE_THREAD);

    sendBehindGate(table, "a", 5);
    sender.send(JOBS, new Job("bad", "violates")); // the CHECK constraint refuses it
    sendJobs("b", 5);
    waitUntil(Duration.ofSeconds(10), () -> broker.queueDepth("test.jobs") == 0, "all pushed");
    table.gate.countDown();

    waitUntil(Duration.ofSeconds(10), () -> broker.queueDepth("test.jobs.dlq") == 1, "1 dead");
    waitUntil(Duration.ofSeconds(5), () -> rows() == 10, "the 10 others stored");
    GetResponse dead = broker.take("test.jobs.dlq");
    assertEquals("failed", Headers.string(dead.getProps().getHeaders(), Headers.REASON));
    assertEquals(
        "org.postgresql.util.PSQLException",
        Headers.string(dead.getProps().getHeaders(), Headers.ERROR_CLASS));
    assertTrue(new String(dead.getBody(), StandardCharsets.UTF_8).contains("\"bad\""));
  }

  @Test
  void a_batch_whose_database_connection_is_killed_is_applied_again_alone_and_stored_once()
      throws Exception {
    JobsTable table = new JobsTable();
    AtomicInteger killed = new AtomicInteger();
    table.inTransaction =
        (connection, batch) -> {
          if (batch.size() > 1 && killed.getAndIncrement() == 0) {
            // The server ends this session after the batch's inserts, before its commit.
            terminate(pidOf(connection));
          }
        };
    worker.consumeBatches(JOBS, table, ONE_THREAD.retry(RetryPolicy.of(Duration.ofSeconds(1))));

    sendBehindGate(table, "a", 30);
    waitUntil(Duration.ofSeconds(10), () -> broker.queueDepth("test.jobs") == 0, "all pushed");
    table.gate.countDown();

    waitUntil(Duration.ofSeconds(10), () -> rows() == 30, "30 jobs stored");
    assertEquals(1, killed.get() > 0 ? 1 : 0, "a batch lost its database session");
    assertEquals(List.of(1, 29), table.sizes.subList(0, 2));
    assertEquals(2 + 29, table.sizes.size(), "the 29 again, one at a time");
    assertTrue(
        table.contexts.subList(30, 59).stream().allMatch(MessageContext::redelivered),
        "handled alone after a failed batch, a message may have been applied: redelivered");
    assertEquals(0, broker.queueDepth("test.jobs.dlq"));
  }

  @Test
  void a_batch_whose_broker_connection_dies_before_its_ack_is_delivered_again_and_stored_once()
      throws Exception {
    JobsTable table = new JobsTable();
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch cut = new CountDownLatch(1);
    table.inTransaction =
        (connection, batch) -> {
          if (batch.size() > 1 && inside.getCount() == 1) {
            inside.countDown();
            cut.await(20, TimeUnit.SECONDS); // the broker drops us while this batch is open
          }
        };
    worker.consumeBatches(JOBS, table, ONE_THREAD);

    sendBehindGate(table, "a", 40);
    waitUntil(Duration.ofSeconds(10), () -> broker.queueDepth("test.jobs") == 0, "all pushed");
    table.gate.countDown();
    assertTrue(inside.await(10, TimeUnit.SECONDS));
    broker.closeConnectionsOf("test@", 3);
    cut.countDown(); // it commits now; its ack can no longer reach the broker

    waitUntil(Duration.ofSeconds(30), () -> table.delivered.get() >= 40 + 39, "redeliveries");
    waitUntil(Duration.ofSeconds(10), () -> rows() == 40, "40 jobs, each stored once");
    waitUntil(
        Duration.ofSeconds(10),
        () -> table.contexts.stream().filter(MessageContext::redelivered).count() >= 39,
        "the batch's messages delivered again, marked redelivered");
    worker.close();
    assertEquals(0, broker.queueDepth("test.jobs"), "everything acked in the end");
    assertEquals(0, broker.queueDepth("test.jobs.dlq"));
  }

  @Test
  void a_batch_cut_short_by_a_drain_out_of_time_goes_back_to_the_queue_whole() throws Exception {
    worker.close();
    worker =
        Warren.connect(
            Fixtures.config(broker, "test")
                .deliveryHook(handled::add)
                .shutdownTimeout(Duration.ofMillis(500))
                .build());
    JobsTable table = new JobsTable();
    CountDownLatch inside = new CountDownLatch(1);
    table.inTransaction =
        (connection, batch) -> {
          if (batch.size() > 1) {
            inside.countDown();
            Thread.sleep(60_000); // until the drain runs out of time and interrupts it
          }
        };
    worker.consumeBatches(JOBS, table, ONE_THREAD);

    sendBehindGate(table, "a", 20);
    waitUntil(Duration.ofSeconds(10), () -> broker.queueDepth("test.jobs") == 0, "all pushed");
    table.gate.countDown();
    assertTrue(inside.await(10, TimeUnit.SECONDS));
    worker.close(); // drains for 500 ms, then interrupts the batch

    waitUntil(
        Duration.ofSeconds(10),
        () -> broker.queueDepth("test.jobs") == 19,
        "the cut batch back in the queue");
    Thread.sleep(300); // a batch thread handling them one by one would show it by now
    assertEquals(List.of(1, 19), table.sizes, "the cut batch was not handled again one by one");
    assertEquals(1, rows(), "only the first job, alone, was stored");
    assertEquals(0, broker.queueDepth("test.jobs.dlq"));
  }

  /**
   * Sends job {@code <prefix>0}, waits until {@code table} holds it behind its gate, then sends
   * jobs 1 to n - 1: the first batch is that job alone, the others wait together. (Sent at once, a
   * second job could arrive before the batch thread took what was waiting.)
   */
  private List<String> sendBehindGate(JobsTable table, String prefix, int n)
      throws InterruptedException {
    List<String> ids = new ArrayList<>(sendJobs(prefix, 0, 1));
    assertTrue(table.atGate.await(10, TimeUnit.SECONDS), "the first job reached the handler");
    ids.addAll(sendJobs(prefix, 1, n));
    return ids;
  }

  /** Sends {@code n} jobs {@code <prefix>0..}; returns their message ids in order. */
  private List<String> sendJobs(String prefix, int n) {
    return sendJobs(prefix, 0, n);
  }

  /** Sends jobs {@code <prefix><from>} to {@code <prefix><to - 1>}; their message ids in order. */
  private List<String> sendJobs(String prefix, int from, int to) {
    List<String> ids = new ArrayList<>();
    for (int i = from; i < to; i++) {
      ids.add(sender.send(JOBS, new Job(prefix + i, "good")));
    }
    return ids;
  }

  /** Work done inside a batch's transaction, after its inserts. */
  @FunctionalInterface
  interface InTransaction {
    void run(Connection connection, List<Delivered<Job>> batch) throws Exception;
  }

  /**
   * Stores each job once by id (a second delivery does nothing), the whole batch in one
   * transaction. Payload "poison" is refused with a {@link ServiceError}, "crash" throws. The first
   * batch waits for {@link #gate}, so that the messages sent meanwhile are waiting together.
   */
  static final class JobsTable implements BatchCommandHandler<Job> {
    final CountDownLatch gate = new CountDownLatch(1);
    final CountDownLatch atGate = new CountDownLatch(1);
    final List<Integer> sizes = new CopyOnWriteArrayList<>();
    final List<MessageContext> contexts = new CopyOnWriteArrayList<>();
    final AtomicInteger delivered = new AtomicInteger();
    volatile InTransaction inTransaction = (connection, batch) -> {};

    @Override
    public void handle(List<Delivered<Job>> batch) throws Exception {
      sizes.add(batch.size());
      delivered.addAndGet(batch.size());
      batch.forEach(d -> contexts.add(d.context()));
      atGate.countDown();
      gate.await(20, TimeUnit.SECONDS);
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(false);
        try (PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO jobs (id, payload) VALUES (?, ?) ON CONFLICT (id) DO NOTHING")) {
          for (Delivered<Job> d : batch) {
            switch (d.message().payload()) {
              case "poison" -> throw new ServiceError("invalid_job", "poison " + d.message().id());
              case "crash" -> throw new IllegalStateException("crash " + d.message().id());
              default -> {}
            }
            insert.setString(1, d.message().id());
            insert.setString(2, d.message().payload());
            insert.executeUpdate();
          }
          inTransaction.run(connection, batch);
          connection.commit();
        } catch (Exception e) {
          try {
            connection.rollback();
          } catch (SQLException ignored) {
            // the session may be gone
          }
          throw e;
        }
      }
    }
  }

  private static int pidOf(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void terminate(int pid) throws SQLException {
    try (Connection admin = dataSource.getConnection();
        Statement s = admin.createStatement()) {
      s.execute("SELECT pg_terminate_backend(" + pid + ")");
    }
  }

  private static int rows() {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM jobs")) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sql(String statement) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
