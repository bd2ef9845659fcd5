package warren.web.auth;

/**
 * Who is making a request, as auth vouched for their session.
 *
 * @param id the user id auth issued
 * @param username the username
 * @param admin whether the username is in {@code WARREN_ADMINS}
 */
public record CurrentUser(String id, String username, boolean admin) {}
