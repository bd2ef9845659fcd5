package warren.contracts.auth;

/**
 * Reply of {@link AuthApi#LOG_OUT}: the session is revoked.
 *
 * @param user whose session it was (also keeps the record non-empty, which Jackson needs to
 *     serialize it with default settings)
 */
public record LoggedOut(User user) {}
