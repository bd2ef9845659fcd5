package warren.messaging.management;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.Objects;

/**
 * An exchange as the management API and a definitions file describe it.
 *
 * @param name the exchange name; the default exchange is {@code ""}
 * @param vhost the virtual host it lives in
 * @param type {@code direct}, {@code topic}, {@code fanout} or {@code headers}
 * @param durable whether it survives a broker restart
 * @param autoDelete whether the broker deletes it when its last binding goes
 * @param internal whether clients may not publish to it directly
 * @param arguments the optional arguments, never null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Exchange(
    String name,
    String vhost,
    String type,
    boolean durable,
    @JsonProperty("auto_delete") boolean autoDelete,
    boolean internal,
    Map<String, Object> arguments) {

  public Exchange {
    Objects.requireNonNull(name, "exchange name");
    arguments = arguments == null ? Map.of() : Map.copyOf(arguments);
  }

  /** The same exchange in another virtual host. */
  public Exchange withVhost(String otherVhost) {
    return new Exchange(name, otherVhost, type, durable, autoDelete, internal, arguments);
  }
}
