package warren.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static warren.messaging.Fixtures.JOB_DONE;
import static warren.testkit.Conditions.waitUntil;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
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
