package warren.testkit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.RabbitMQContainer;

/** Starts a RabbitMQ container for machines that have Docker but no local broker. */
final class ContainerBroker {
  private ContainerBroker() {}

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  @SuppressWarnings("resource") // lives as long as the test JVM; Ryuk removes it afterwards
  static TestBroker start() {
    RabbitMQContainer container = new RabbitMQContainer("rabbitmq:3.13-management");
    container.start();
    return new TestBroker(
        container.getHost(),
        container.getAmqpPort(),
        container.getHttpPort(),
        container.getAdminUsername(),
        container.getAdminPassword());
  }
}
