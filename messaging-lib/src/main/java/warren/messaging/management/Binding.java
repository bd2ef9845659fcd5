package warren.messaging.management;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A binding from an exchange to a queue (or another exchange).
 *
 * @param source the exchange messages come from; {@code ""} for the default exchange
 * @param vhost the virtual host
 * @param destination the queue or exchange messages go to
 * @param destinationType {@code queue} or {@code exchange}
 * @param routingKey the binding key
 * @param arguments binding arguments (headers exchanges), never null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Binding(
    String source,
    String vhost,
    String destination,
    @JsonProperty("destination_type") String destinationType,
    @JsonProperty("routing_key") String routingKey,
    Map<String, Object> arguments) {

  public Binding {
    destinationType = destinationType == null ? "queue" : destinationType;
    routingKey = routingKey == null ? "" : routingKey;
    arguments = arguments == null ? Map.of() : Map.copyOf(arguments);
  }

  /** The same binding in another virtual host. */
  public Binding withVhost(String otherVhost) {
    return new Binding(source, otherVhost, destination, destinationType, routingKey, arguments);
  }

  /** Reads like {@code warren.rpc -> auth.login (key auth.login)}, for findings and errors. */
  public String describe() {
    String from = source.isEmpty() ? "(default exchange)" : source;
    return from + " -> " + destination + " (key '" + routingKey + "')";
  }
}
