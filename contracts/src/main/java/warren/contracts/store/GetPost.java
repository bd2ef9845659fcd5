package warren.contracts.store;

/** Query: one post by id. Replies {@link Post}, or fails with {@link StoreApi#NOT_FOUND}. */
public record GetPost(String id) {}
