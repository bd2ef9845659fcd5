package warren.contracts.auth;

import warren.messaging.EventType;

/** The events auth publishes on {@code warren.events}. */
public final class AuthEvents {
  public static final EventType<UserSignedUp> USER_SIGNED_UP =
      new EventType<>("user.signed-up", UserSignedUp.class);

  private AuthEvents() {}
}
