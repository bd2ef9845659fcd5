package warren.messaging;

import java.util.regex.Pattern;

/** The naming rules shared by endpoints, queues and routing keys. */
final class Names {
  private static final Pattern ENDPOINT = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z0-9_-]+)+");

  private Names() {}

  static String requireEndpointName(String name) {
    if (name == null || !ENDPOINT.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "endpoint name must look like <service>.<name> in lower case (letters, digits, '-', '_'),"
              + " was "
              + (name == null ? "null" : "'" + name + "'"));
    }
    return name;
  }

  static String serviceOf(String name) {
    return name.substring(0, name.indexOf('.'));
  }
}
