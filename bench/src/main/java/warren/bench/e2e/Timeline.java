package warren.bench.e2e;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import warren.bench.Contender;
import warren.bench.Load;
import warren.bench.Sample;

/**
 * {@code GET /api/v1/timeline} from {@code inFlight} blocking HTTP clients, with the tokens of the
 * followers in turn (each timeline holds the author's posts): web asks store over RabbitMQ, store
 * reads PostgreSQL.
 */
final class Timeline implements Contender {
  private final Api api;
  private final List<String> tokens;
  private final AtomicLong sequence = new AtomicLong();

  Timeline(Api api, List<String> tokens) {
    this.api = api;
    this.tokens = List.copyOf(tokens);
  }

  @Override
  public String name() {
    return "timeline";
  }

  @Override
  public String baseline() {
    return "http-raw-rpc";
  }

  @Override
  public Sample run(int inFlight, Duration duration) throws Exception {
    return Load.blocking(
        () -> api.timeline(tokens.get((int) (sequence.incrementAndGet() % tokens.size()))),
        inFlight,
        duration);
  }

  @Override
  public void close() {}
}
