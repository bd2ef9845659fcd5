package warren.contracts.notify;

/** List the webhooks of the user with id {@code userId}. */
public record ListWebhooks(String userId) {}
