package warren.messaging;

import java.time.Duration;
import warren.testkit.IsolatedVhost;

/** Messages, endpoints and a Warren factory shared by the library's tests. */
final class Fixtures {
  record Echo(String text) {}

  record Echoed(String text, String by) {}

  record Job(String id, String payload) {}

  static final RpcEndpoint<Echo, Echoed> ECHO =
      new RpcEndpoint<>("test.echo", Echo.class, Echoed.class);
  static final CommandEndpoint<Job> JOBS = new CommandEndpoint<>("test.jobs", Job.class);
  static final StreamEndpoint<Echo, Echoed> COUNT =
      new StreamEndpoint<>("test.count", Echo.class, Echoed.class);
  static final EventType<Job> JOB_DONE = new EventType<>("job.done", Job.class);

  private Fixtures() {}

  static WarrenConfig.Builder config(IsolatedVhost broker, String service) {
    return WarrenConfig.builder()
        .service(service)
        .uri(broker.amqpUri())
        .recoveryInterval(Duration.ofMillis(250))
        .shutdownTimeout(Duration.ofSeconds(5));
  }

  /** Empties {@link #JOBS}' queue and its dead-letter queue, for the next test. */
  static void purgeJobs(IsolatedVhost broker) {
    broker.withChannel(
        ch -> {
          ch.queuePurge(JOBS.name());
          ch.queuePurge(JOBS.name() + ".dlq");
          return null;
        });
  }

  static Warren connect(IsolatedVhost broker, String service) {
    return Warren.connect(config(broker, service).build());
  }
}
