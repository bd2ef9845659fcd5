package warren.contracts.auth;

/**
 * Request of {@link AuthApi#FIND_USER}: is there a user with this username, and what is their id?
 *
 * @param username the exact username, as in the user's page address
 */
public record FindUser(String username) {}
