package warren.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static warren.messaging.Fixtures.JOB_DONE;
import static warren.testkit.Conditions.waitUntil;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.messaging.Fixtures.Job;
import warren.testkit.IsolatedVhost;

class EventIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();

  @Test
  void every_subscriber_gets_each_event_from_its_own_queue() {
    List<Job> a = new CopyOnWriteArrayList<>();
    List<Job> b = new CopyOnWriteArrayList<>();
    List<String> keys = new CopyOnWriteArrayList<>();
    try (Warren one = Fixtures.connect(broker, "one");
        Warren two = Fixtures.connect(broker, "two");
        Warren publisher = Fixtures.connect(broker, "pub")) {
      one.subscribe("one.jobs-done", JOB_DONE, (job, ctx) -> a.add(job));
      two.subscribe(
          "two.jobs",
          List.of("job.*"),
          Job.class,
          (job, ctx) -> {
            keys.add(ctx.routingKey());
            b.add(job);
          },
          EndpointOptions.defaults());

      publisher.publish(JOB_DONE, new Job("1", "done"));

      waitUntil(Duration.ofSeconds(5), () -> a.size() == 1 && b.size() == 1);
      assertEquals(a, b);
      assertEquals(
          List.of(JOB_DONE.routingKey()), keys, "a pattern subscriber sees the event's key");
    }
  }

  @Test
  void a_notification_reaches_only_the_listener_bound_to_its_key() {
    List<String> mine = new CopyOnWriteArrayList<>();
    List<String> other = new CopyOnWriteArrayList<>();
    try (Warren web1 = Fixtures.connect(broker, "web");
        Warren web2 = Fixtures.connect(broker, "web");
        Warren notifier = Fixtures.connect(broker, "notify");
        NotificationListener l1 = web1.listen(Job.class, (key, job) -> mine.add(key));
        NotificationListener l2 = web2.listen(Job.class, (key, job) -> other.add(key))) {
      l1.bind("user.1");
      l2.bind("user.2");

      notifier.notify("user.1", new Job("1", "p"));

      waitUntil(Duration.ofSeconds(5), () -> mine.size() == 1);
      assertEquals(List.of("user.1"), mine);
      assertEquals(List.of(), other);
    }
  }

  private static final Pattern ID = Pattern.compile("\"([nr])(\\d+)\"");

  @Test
  void nothing_published_after_notify_confirmed_returns_overtakes_the_notification()
      throws Exception {
    // One queue gets both the notification and what the caller publishes right after it on a
    // connection of its own, as auth answers a log-out after telling web instances of it.
    broker.withChannel(
        ch -> {
          ch.exchangeDeclare("warren.notify", "topic", true);
          ch.queueDeclare("test.notified", false, false, false, null);
          return ch.queueBind("test.notified", "warren.notify", "session.ended");
        });
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(broker.amqpUri());
    try (Warren auth = Fixtures.connect(broker, "auth");
        Connection replies = factory.newConnection("replies")) {
      Channel reply = replies.createChannel();
      for (int i = 0; i < 500; i++) {
        auth.notifyConfirmed("session.ended", new Job("n" + i, "p"));
        reply.basicPublish("", "test.notified", null, ("\"r" + i + "\"").getBytes(UTF_8));
      }
      waitUntil(Duration.ofSeconds(10), () -> broker.queueDepth("test.notified") == 1_000);
      // Where each notification (n<i>) and each message after it (r<i>) arrived.
      int[] notified = new int[500];
      int[] followed = new int[500];
      for (int at = 0; at < 1_000; at++) {
        Matcher m = ID.matcher(new String(broker.take("test.notified").getBody(), UTF_8));
        assertTrue(m.find());
        (m.group(1).equals("n") ? notified : followed)[Integer.parseInt(m.group(2))] = at;
      }
      for (int i = 0; i < 500; i++) {
        assertTrue(
            notified[i] < followed[i],
            "notification " + i + " was overtaken by what was published after it");
      }
    }
  }

  @Test
  void a_listener_binds_new_keys_after_its_connection_was_recovered() {
    List<String> mine = new CopyOnWriteArrayList<>();
    try (Warren web = Fixtures.connect(broker, "web");
        Warren notifier = Fixtures.connect(broker, "notify");
        NotificationListener listener = web.listen(Job.class, (key, job) -> mine.add(key))) {
      listener.bind("user.1");
      broker.closeConnections(6);
      waitUntil(
          Duration.ofSeconds(20),
          () -> web.health().ready() && notifier.health().ready(),
          "both to reconnect");

      listener.bind("user.2");
      notifier.notify("user.1", new Job("1", "p"));
      notifier.notify("user.2", new Job("2", "p"));

      waitUntil(Duration.ofSeconds(5), () -> mine.size() == 2, "both notifications");
      assertEquals(List.of("user.1", "user.2"), mine);
    }
  }

  @Test
  void a_listener_says_when_its_connection_was_lost_and_notifications_may_be_missed() {
    AtomicInteger interruptions = new AtomicInteger();
    // Slow recovery, so that the test sees the listener while its connection is down.
    try (Warren web =
            Warren.connect(
                Fixtures.config(broker, "web").recoveryInterval(Duration.ofSeconds(5)).build());
        NotificationListener listener = web.listen(Job.class, (key, job) -> {})) {
      listener.onInterrupted(interruptions::incrementAndGet);
      listener.bind("user.1");
      assertEquals(0, interruptions.get());

      broker.closeConnections(3);
      waitUntil(Duration.ofSeconds(10), () -> interruptions.get() >= 1, "told of the loss");
      // Binding now would bind nothing: refused at once, as a call is, not as an internal error.
      assertThrows(BrokerUnavailableException.class, () -> listener.bind("user.2"));
      waitUntil(Duration.ofSeconds(20), () -> web.health().ready(), "web to reconnect");
      listener.bind("user.2");
    }
    assertEquals(1, interruptions.get(), "closing the listener is no interruption");
  }
}
