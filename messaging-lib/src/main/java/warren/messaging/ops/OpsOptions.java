package warren.messaging.ops;

import java.net.URI;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import warren.messaging.management.ManagementClient;
import warren.messaging.management.ManagementOptions;

/**
 * The options the {@code dlq} and {@code graph} commands share: the management API (see {@link
 * ManagementOptions}) and the AMQP broker, whose URI path names the vhost.
 *
 * <table>
 *   <caption>AMQP option and its default</caption>
 *   <tr><th>option</th><th>environment</th><th>default</th></tr>
 *   <tr><td>{@code --amqp-uri}</td><td>{@code WARREN_AMQP_URI}</td>
 *       <td>{@code amqp://guest:guest@127.0.0.1:5672/warren}</td></tr>
 * </table>
 */
public final class OpsOptions {
  @Mixin ManagementOptions management;

  @Option(
      names = "--amqp-uri",
      paramLabel = "URI",
      defaultValue = "${env:WARREN_AMQP_URI:-amqp://guest:guest@127.0.0.1:5672/warren}",
      description =
          "Broker and vhost (env WARREN_AMQP_URI, default amqp://guest:guest@127.0.0.1:5672/warren).")
  URI amqpUri;

  /** The management client of these options. */
  public ManagementClient managementClient() {
    return management.client();
  }

  /** Connects a {@link DeadLetters} with these options. */
  public DeadLetters deadLetters() {
    return DeadLetters.connect(amqpUri, managementClient());
  }
}
