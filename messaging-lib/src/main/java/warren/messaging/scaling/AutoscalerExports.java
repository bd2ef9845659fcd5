package warren.messaging.scaling;

import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The current hints in the forms other autoscalers read: a KEDA {@code ScaledObject} per role and a
 * {@code docker compose up --scale} line.
 *
 * <p>KEDA only divides a queue metric by a constant, so the constants are the model's: the backlog
 * trigger's value is what one replica clears within the window (μ·A, so ceil(depth / value)
 * replicas clear the backlog in time) and the rate trigger's value is one replica's rate μ (so
 * ceil(λ / μ) replicas keep up). KEDA takes the larger of the two where the model adds them, and
 * knows nothing of start-up time; the stabilisation window becomes the HPA's scale-down window.
 */
public final class AutoscalerExports {
  private AutoscalerExports() {}

  /**
   * One {@code ScaledObject} per assessed role, separated by {@code ---}. The Deployment of a role
   * is assumed to be named like the role; the broker credentials come from a {@code
   * TriggerAuthentication} named {@code warren-rabbitmq} (its {@code host}: the management URL).
   */
  public static String kedaScaledObjects(
      Collection<ScalingAdvisor.Assessment> assessments, String vhost) {
    StringBuilder yaml = new StringBuilder();
    for (ScalingAdvisor.Assessment a : assessments) {
      ScalingPolicy policy = a.policy();
      DeadlineModel.Estimate e = a.estimate();
      long perReplica = Math.max(1, (long) Math.floor(e.perReplicaRate() * e.window()));
      if (!yaml.isEmpty()) {
        yaml.append("---\n");
      }
      yaml.append("# ")
          .append(a.hint().service())
          .append(": now ")
          .append(a.hint().desiredReplicas())
          .append(" (")
          .append(a.hint().reason().replace('\n', ' '))
          .append(")\n");
      yaml.append(
          """
          apiVersion: keda.sh/v1alpha1
          kind: ScaledObject
          metadata:
            name: %1$s
          spec:
            scaleTargetRef:
              name: %1$s
            minReplicaCount: %2$d
            maxReplicaCount: %3$d
            pollingInterval: 15
            cooldownPeriod: %4$d
            advanced:
              horizontalPodAutoscalerConfig:
                behavior:
                  scaleUp:
                    stabilizationWindowSeconds: 0
                  scaleDown:
                    stabilizationWindowSeconds: %4$d
            triggers:
              # backlog: one replica clears %5$d messages within %6$s
              - type: rabbitmq
                metadata:
                  protocol: http
                  vhostName: %7$s
                  queueName: %8$s
                  mode: QueueLength
                  value: "%5$d"
                authenticationRef:
                  name: warren-rabbitmq
              # arrivals: one replica clears %9$s messages per second
              - type: rabbitmq
                metadata:
                  protocol: http
                  vhostName: %7$s
                  queueName: %8$s
                  mode: MessageRate
                  value: "%9$s"
                authenticationRef:
                  name: warren-rabbitmq
          """
              .formatted(
                  a.hint().service(),
                  policy.minReplicas(),
                  policy.maxReplicas(),
                  policy.stabilisation().toSeconds(),
                  perReplica,
                  DeadlineModel.seconds(java.time.Duration.ofMillis((long) (e.window() * 1000))),
                  vhost,
                  a.hint().queue(),
                  String.format(Locale.ROOT, "%.2f", e.perReplicaRate())));
    }
    return yaml.toString();
  }

  /** {@code docker compose up -d --scale auth=1 --scale store=3 ...} for the given hints. */
  public static String composeScale(Collection<ScalingHint> hints) {
    return "docker compose up -d"
        + hints.stream()
            .map(h -> " --scale " + h.service() + "=" + h.desiredReplicas())
            .collect(Collectors.joining());
  }
}
