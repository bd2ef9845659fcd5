package warren.contracts.auth;

/**
 * Event {@code user.signed-up}: auth created a user. The store subscribes to keep its own copy of
 * users, so it can answer "no such user" for follows and user pages.
 *
 * @param userId the id auth assigned
 * @param username the chosen username
 */
public record UserSignedUp(String userId, String username) {}
