package warren.web.browser;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import warren.contracts.notify.NotifyApi;
import warren.contracts.store.PostCreated;
import warren.contracts.store.StoreEvents;
import warren.contracts.store.UserFollowed;
import warren.contracts.store.UserUnfollowed;
import warren.messaging.Warren;
import warren.messaging.WarrenConfig;

/**
 * Does the live-notification half of the notify worker, for web's stream tests until the real one
 * can be started in-process: keeps who follows whom from the store's events and, for each {@code
 * post.created}, publishes the post once per follower to {@code warren.notify} with routing key
 * {@code user.<followerId>}, exactly as {@link NotifyApi} describes.
 */
final class StandInNotify implements AutoCloseable {
  private final Warren warren;
  private final Map<String, Set<String>> followers = new ConcurrentHashMap<>();

  StandInNotify(URI amqpUri) {
    warren = Warren.connect(WarrenConfig.builder().service("notify").uri(amqpUri).build());
    warren.subscribe(
        "notify.browser-test-follows",
        StoreEvents.USER_FOLLOWED,
        (UserFollowed e, warren.messaging.MessageContext ctx) ->
            followers
                .computeIfAbsent(e.followeeId(), id -> ConcurrentHashMap.newKeySet())
                .add(e.followerId()));
    warren.subscribe(
        "notify.browser-test-unfollows",
        StoreEvents.USER_UNFOLLOWED,
        (UserUnfollowed e, warren.messaging.MessageContext ctx) ->
            followers.getOrDefault(e.followeeId(), Set.of()).remove(e.followerId()));
    warren.subscribe(
        "notify.browser-test-posts",
        StoreEvents.POST_CREATED,
        (PostCreated e, warren.messaging.MessageContext ctx) -> {
          for (String follower : followers.getOrDefault(e.authorId(), Set.of())) {
            warren.notify(NotifyApi.notificationRoutingKey(follower), e.post());
          }
        });
  }

  /** Whether the follow has reached this notifier. */
  boolean knows(String followerId, String followeeId) {
    return followers.getOrDefault(followeeId, Set.of()).contains(followerId);
  }

  @Override
  public void close() {
    warren.close();
  }
}
