package warren.bench.commands;

import warren.messaging.CommandEndpoint;

/** The commands scenario's message: exactly 100 bytes of JSON, {@code {"payload":"..."}}. */
public record Job(String payload) {
  public static final Job HUNDRED_BYTES = new Job("x".repeat(86));

  public static final CommandEndpoint<Job> ENDPOINT = new CommandEndpoint<>("bench.job", Job.class);
}
