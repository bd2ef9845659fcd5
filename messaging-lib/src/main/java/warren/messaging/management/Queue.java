package warren.messaging.management;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.Objects;

/**
 * A queue's declaration as the management API and a definitions file describe it: what it is, not
 * what it holds (see {@link QueueStats} for that).
 *
 * @param name the queue name
 * @param vhost the virtual host it lives in
 * @param durable whether it survives a broker restart
 * @param autoDelete whether the broker deletes it when its last consumer goes
 * @param arguments the optional {@code x-} arguments (queue type, dead-lettering...), never null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Queue(
    String name,
    String vhost,
    boolean durable,
    @JsonProperty("auto_delete") boolean autoDelete,
    Map<String, Object> arguments) {

  public Queue {
    Objects.requireNonNull(name, "queue name");
    arguments = arguments == null ? Map.of() : Map.copyOf(arguments);
  }

  /** The same queue in another virtual host. */
  public Queue withVhost(String otherVhost) {
    return new Queue(name, otherVhost, durable, autoDelete, arguments);
  }

  /** The same queue declared as another type ({@code x-queue-type}: classic, quorum, stream). */
  public Queue withType(String type) {
    Map<String, Object> typed = new java.util.HashMap<>(arguments);
    typed.put("x-queue-type", type);
    return new Queue(name, vhost, durable, autoDelete, typed);
  }
}
