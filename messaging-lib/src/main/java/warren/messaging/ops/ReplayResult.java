package warren.messaging.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a replay did: the body of {@code POST /api/v1/ops/dead-letters/{queue}/replay}. A dry run
 * replays nothing and says where each message would go.
 *
 * @param replayed messages republished, confirmed by the broker and removed from the dead-letter
 *     queue
 * @param plan for a dry run, each selected message and its destination; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplayResult(int replayed, List<Planned> plan) {

  /**
   * Where one message goes when replayed.
   *
   * @param id the message id
   * @param exchange the exchange it is published to ({@code ""}: the default exchange)
   * @param routingKey its routing key
   */
  public record Planned(String id, String exchange, String routingKey) {}
}
