package warren.messaging.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.messaging.EndpointOptions;
import warren.messaging.RpcEndpoint;
import warren.messaging.Warren;
import warren.messaging.WarrenConfig;
import warren.messaging.management.ManagementClient;
import warren.messaging.ops.OpsFixtures;
import warren.testkit.Conditions;
import warren.testkit.IsolatedVhost;

class LoadCollectorIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();

  record Page(int n) {}

  private static final RpcEndpoint<Page, Page> PAGE =
      new RpcEndpoint<>("demo.page", Page.class, Page.class);

  @Test
  void replicas_are_the_connections_consuming_a_queue_however_many_channels_each_opened() {
    CountDownLatch release = new CountDownLatch(1);
    EndpointOptions four = EndpointOptions.defaults().prefetch(4).concurrency(4);
    try (Warren first = connect("demo");
        Warren second = connect("demo");
        Warren caller = connect("caller")) {
      for (Warren replica : List.of(first, second)) {
        replica.serve(
            PAGE,
            (page, context) -> {
              release.await(20, TimeUnit.SECONDS);
              return page;
            },
            four);
      }
      // Handlers stuck in their calls: each replica opens more channels for the calls behind.
      List<CompletableFuture<Page>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(caller.callAsync(PAGE, new Page(i), Duration.ofSeconds(30)));
      }
      ManagementClient management = OpsFixtures.management();
      // The management API lists consumers from its statistics, seconds behind the broker.
      Conditions.waitUntil(
          Duration.ofSeconds(30),
          () -> management.consumers(broker.vhost()).size() >= 6,
          "the management API to list three or more channels per replica");

      LoadCollector collector =
          new LoadCollector(management, broker.vhost(), service -> List.of(), Set.of("demo"));
      // The listing is built from statistics events, not a snapshot, and has been seen to leave out
      // one replica's consumers for a moment (a CI run): ask again for a few seconds. Counting
      // channels instead of connections would never give 2 here, with six or more channels open.
      RoleLoad load = collector.collect().get(0);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (load.serving() != 2 && System.nanoTime() < deadline) {
        Conditions.sleep(200);
        load = collector.collect().get(0);
      }

      assertEquals(PAGE.name(), load.queue());
      assertEquals(2, load.serving(), management.consumers(broker.vhost()) + " consumers");
      release.countDown();
      calls.forEach(CompletableFuture::join);
    }
  }

  private static Warren connect(String service) {
    return Warren.connect(WarrenConfig.builder().service(service).uri(broker.amqpUri()).build());
  }
}
