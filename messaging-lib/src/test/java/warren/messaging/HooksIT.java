package warren.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static warren.messaging.Fixtures.ECHO;
import static warren.testkit.Conditions.waitUntil;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.messaging.DeliveryHook.Handled;
import warren.messaging.DeliveryHook.Outcome;
import warren.messaging.Fixtures.Echo;
import warren.messaging.Fixtures.Echoed;
import warren.messaging.Fixtures.Job;
import warren.messaging.PublishHook.Outgoing;
import warren.messaging.internal.Headers;
import warren.testkit.IsolatedVhost;

/** Promise 7: hooks around every publish and handled message, trace ids, metrics. */
class HooksIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();

  private static final CommandEndpoint<Job> AUDIT = new CommandEndpoint<>("test.audit", Job.class);
  private static final EndpointOptions QUICK_RETRY =
      EndpointOptions.defaults().retry(RetryPolicy.of(Duration.ofSeconds(1)));

  @Test
  void one_trace_id_follows_a_request_through_two_services_and_every_hook_sees_it()
      throws Exception {
    List<Outgoing> published = new CopyOnWriteArrayList<>();
    List<Handled> handled = new CopyOnWriteArrayList<>();
    List<String> auditTraces = new CopyOnWriteArrayList<>();
    PublishHook recordPublish = published::add;
    DeliveryHook recordDelivery = handled::add;
    try (Warren front = Warren.connect(hooked("front", recordPublish, recordDelivery));
        Warren middle = Warren.connect(hooked("test", recordPublish, recordDelivery));
        Warren back = Warren.connect(hooked("test", recordPublish, recordDelivery))) {
      middle.serve(
          ECHO,
          (req, ctx) -> {
            middle.send(AUDIT, new Job("1", req.text())); // a nested publish in the handler
            return new Echoed(req.text(), "middle");
          });
      back.consume(AUDIT, (job, ctx) -> auditTraces.add(ctx.correlationId()));

      Echoed reply = Trace.with("trace-123", () -> front.call(ECHO, new Echo("hi")));

      assertEquals("middle", reply.by());
      waitUntil(Duration.ofSeconds(5), () -> auditTraces.size() == 1 && handled.size() == 2);
      assertEquals(List.of("trace-123"), auditTraces);
      List<String> kinds = published.stream().map(Outgoing::kind).sorted().toList();
      assertEquals(List.of("command", "reply", "rpc"), kinds, published.toString());
      for (Outgoing out : published) {
        assertEquals("trace-123", out.headers().get(Headers.TRACE_ID), out.toString());
      }
      for (Handled h : handled) {
        assertEquals("trace-123", h.traceId(), h.toString());
        assertEquals(Outcome.OK, h.outcome(), h.toString());
        assertTrue(h.duration().toNanos() > 0, h.toString());
      }
      assertEquals(
          List.of("test.audit", "test.echo"),
          handled.stream().map(Handled::endpoint).sorted().toList());
    }
  }

  @Test
  void metrics_count_calls_handled_errors_retries_and_dead_letters_per_endpoint() {
    SimpleMeterRegistry workerMeters = new SimpleMeterRegistry();
    SimpleMeterRegistry senderMeters = new SimpleMeterRegistry();
    try (Warren worker =
            Warren.connect(Fixtures.config(broker, "test").meterRegistry(workerMeters).build());
        Warren sender =
            Warren.connect(Fixtures.config(broker, "sender").meterRegistry(senderMeters).build())) {
      worker.consume(
          AUDIT,
          (job, ctx) -> {
            if (job.payload().equals("bad")) {
              throw new IllegalStateException("cannot audit " + job.id());
            }
          },
          QUICK_RETRY);
      sender.send(AUDIT, new Job("1", "good"));
      sender.send(AUDIT, new Job("2", "good"));
      sender.send(AUDIT, new Job("3", "bad"));

      waitUntil(
          Duration.ofSeconds(15),
          () -> count(workerMeters, "warren.dead.letters") == 1,
          "the bad one to be dead-lettered after its retry");
      assertEquals(1, count(workerMeters, "warren.retries"));
      assertEquals(
          2, workerMeters.get("warren.handled").tag("outcome", "ok").timer().count(), "handled ok");
      assertEquals(
          3,
          senderMeters
              .get("warren.calls")
              .tags("kind", "command", "endpoint", "test.audit", "outcome", "ok")
              .timer()
              .count(),
          "confirmed sends");
    }
  }

  private static double count(SimpleMeterRegistry registry, String counter) {
    var found = registry.find(counter).tag("endpoint", "test.audit").counter();
    return found == null ? 0 : found.count();
  }

  private static WarrenConfig hooked(
      String service, PublishHook publishHook, DeliveryHook deliveryHook) {
    return Fixtures.config(broker, service)
        .publishHook(publishHook)
        .deliveryHook(deliveryHook)
        .build();
  }
}
