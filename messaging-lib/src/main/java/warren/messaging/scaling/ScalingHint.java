package warren.messaging.scaling;

/**
 * One row of {@code GET /api/v1/ops/scaling}: a worker role, the queue that decides its replica
 * count, that queue's inputs, and the hint with its reason. Serialized by Jackson exactly as API.md
 * lists it: {@code service, queue, depth, consumers, arrivalRate, processingMs, desiredReplicas,
 * reason}.
 *
 * @param service the worker role
 * @param queue the queue that needs the most replicas
 * @param depth its ready plus unacknowledged messages
 * @param consumers its consumers
 * @param arrivalRate messages published into it per second
 * @param processingMs mean processing time per message in milliseconds (measured, else assumed)
 * @param desiredReplicas replicas the role should run, clamped and damped
 * @param reason why, in words
 */
public record ScalingHint(
    String service,
    String queue,
    long depth,
    int consumers,
    double arrivalRate,
    double processingMs,
    int desiredReplicas,
    String reason) {}
