package warren.contracts.auth;

/**
 * A user as other services see it: the reply of {@link AuthApi#SIGN_UP}, {@link
 * AuthApi#CHECK_SESSION} and {@link AuthApi#FIND_USER}.
 *
 * @param id a random UUID in canonical string form, stable for the life of the user
 * @param username unique, 3 to 20 characters of {@code [a-z0-9_]}
 */
public record User(String id, String username) {}
