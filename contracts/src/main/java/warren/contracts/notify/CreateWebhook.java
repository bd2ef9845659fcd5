package warren.contracts.notify;

/** Register {@code url} for the user with id {@code userId}. */
public record CreateWebhook(String userId, String url) {}
