package warren.testkit;

import java.net.Socket;
import java.net.URI;

/**
 * Where the tests' RabbitMQ is. The local broker by default (127.0.0.1:5672, management on 15672,
 * guest/guest, overridable with WARREN_TEST_AMQP_HOST, WARREN_TEST_AMQP_PORT,
 * WARREN_TEST_MGMT_PORT, WARREN_TEST_USER, WARREN_TEST_PASSWORD). When nothing listens there and a
 * Docker engine is present, Testcontainers starts one instead, once per JVM.
 */
public record TestBroker(String host, int amqpPort, int mgmtPort, String user, String password) {

  private static volatile TestBroker shared;

  /** The broker every test class of this JVM uses. */
  public static TestBroker get() {
    TestBroker broker = shared;
    if (broker == null) {
      synchronized (TestBroker.class) {
        if (shared == null) {
          shared = locate();
        }
        broker = shared;
      }
    }
    return broker;
  }

  public URI amqpUri(String vhost) {
    return URI.create(
        "amqp://" + user + ":" + password + "@" + host + ":" + amqpPort + "/" + encode(vhost));
  }

  public URI managementUri() {
    return URI.create("http://" + host + ":" + mgmtPort);
  }

  public static String encode(String vhost) {
    return java.net.URLEncoder.encode(vhost, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  private static TestBroker locate() {
    String host = env("WARREN_TEST_AMQP_HOST", "127.0.0.1");
    int port = Integer.parseInt(env("WARREN_TEST_AMQP_PORT", "5672"));
    int mgmt = Integer.parseInt(env("WARREN_TEST_MGMT_PORT", "15672"));
    String user = env("WARREN_TEST_USER", "guest");
    String password = env("WARREN_TEST_PASSWORD", "guest");
    if (listening(host, port) || !ContainerBroker.dockerAvailable()) {
      return new TestBroker(host, port, mgmt, user, password);
    }
    return ContainerBroker.start();
  }

  static boolean listening(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new java.net.InetSocketAddress(host, port), 500);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
