package warren.messaging.scaling;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The scaling policy as command-line options, shared by {@code scale hints} and {@code autoscale}.
 */
final class PolicyOptions {
  @Option(
      names = "--target",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "Time within which a backlog should clear (default ${DEFAULT-VALUE}).")
  long targetSeconds;

  @Option(
      names = "--min",
      paramLabel = "N",
      defaultValue = "1",
      description = "Fewest replicas per role (default ${DEFAULT-VALUE}).")
  int min;

  @Option(
      names = "--max",
      paramLabel = "N",
      defaultValue = "5",
      description = "Most replicas per role (default ${DEFAULT-VALUE}).")
  int max;

  @Option(
      names = "--window",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description =
          "Stabilisation: scale down only after the estimate stayed lower this long"
              + " (default ${DEFAULT-VALUE}).")
  long windowSeconds;

  ScalingPolicy policy() {
    return ScalingPolicy.defaults()
        .target(Duration.ofSeconds(targetSeconds))
        .replicas(min, max)
        .stabilisation(Duration.ofSeconds(windowSeconds));
  }
}
