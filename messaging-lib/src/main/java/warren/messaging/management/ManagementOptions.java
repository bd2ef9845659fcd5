package warren.messaging.management;

import java.net.URI;
import picocli.CommandLine.Option;

/**
 * The command-line options every ops subcommand shares to reach the management API, as a picocli
 * mixin ({@code @Mixin ManagementOptions management;}). Defaults come from the environment:
 *
 * <table>
 *   <caption>Options and their defaults</caption>
 *   <tr><th>option</th><th>environment</th><th>default</th></tr>
 *   <tr><td>{@code --mgmt-uri}</td><td>{@code WARREN_MGMT_URI}</td>
 *       <td>{@code http://127.0.0.1:15672}</td></tr>
 *   <tr><td>{@code --user}</td><td>{@code WARREN_MGMT_USER}</td><td>{@code guest}</td></tr>
 *   <tr><td>{@code --password}</td><td>{@code WARREN_MGMT_PASSWORD}</td><td>{@code guest}</td></tr>
 * </table>
 */
public final class ManagementOptions {

  @Option(
      names = "--mgmt-uri",
      paramLabel = "URI",
      defaultValue = "${env:WARREN_MGMT_URI:-http://127.0.0.1:15672}",
      description = "RabbitMQ management API (env WARREN_MGMT_URI, default ${DEFAULT-VALUE}).")
  URI uri;

  @Option(
      names = "--user",
      paramLabel = "USER",
      defaultValue = "${env:WARREN_MGMT_USER:-guest}",
      description =
          "Management user with the administrator tag (env WARREN_MGMT_USER,"
              + " default ${DEFAULT-VALUE}).")
  String user;

  @Option(
      names = "--password",
      paramLabel = "PASSWORD",
      defaultValue = "${env:WARREN_MGMT_PASSWORD:-guest}",
      description = "Its password (env WARREN_MGMT_PASSWORD, default guest).")
  String password;

  /** A client for the chosen API and user, with the default timeouts. */
  public ManagementClient client() {
    return ManagementClient.builder().uri(uri).credentials(user, password).build();
  }
}
