package warren.contracts.notify;

/** Remove webhook {@code webhookId} if it belongs to the user {@code userId}. */
public record DeleteWebhook(String userId, String webhookId) {}
