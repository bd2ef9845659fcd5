package warren.contracts.store;

/**
 * Query: the counts shown on a user's page. Replies {@link UserCounts}, or fails with {@link
 * StoreApi#NOT_FOUND} for an unknown username.
 */
public record UserPage(String username) {}
