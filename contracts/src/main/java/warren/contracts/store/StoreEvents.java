package warren.contracts.store;

import warren.messaging.EventType;

/** The events the store publishes on {@code warren.events}, after the change committed. */
public final class StoreEvents {
  public static final EventType<PostCreated> POST_CREATED =
      new EventType<>("post.created", PostCreated.class);

  public static final EventType<UserFollowed> USER_FOLLOWED =
      new EventType<>("user.followed", UserFollowed.class);

  public static final EventType<UserUnfollowed> USER_UNFOLLOWED =
      new EventType<>("user.unfollowed", UserUnfollowed.class);

  private StoreEvents() {}
}
