package warren.notify;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import warren.contracts.store.Post;
import warren.contracts.store.PostCreated;
import warren.contracts.store.StoreEvents;
import warren.contracts.store.UserFollowed;
import warren.contracts.store.UserUnfollowed;
import warren.messaging.Warren;

/** Test vocabulary: the store's events as the store publishes them, and notify's follow table. */
final class NotifyFixture {
  record User(String id, String name) {}

  private final Warren store;
  private final String jdbcUrl;

  NotifyFixture(Warren store, String jdbcUrl) {
    this.store = store;
    this.jdbcUrl = jdbcUrl;
  }

  static User user(String name) {
    return new User(UUID.randomUUID().toString(), name);
  }

  void follow(User follower, User followee, Instant at) {
    store.publish(
        StoreEvents.USER_FOLLOWED,
        new UserFollowed(follower.id(), follower.name(), followee.id(), followee.name(), at));
  }

  void unfollow(User follower, User followee, Instant at) {
    store.publish(
        StoreEvents.USER_UNFOLLOWED,
        new UserUnfollowed(follower.id(), follower.name(), followee.id(), followee.name(), at));
  }

  Post post(User author, String text) {
    Post post = new Post(UUID.randomUUID().toString(), author.name(), text, Instant.now());
    publish(author, post);
    return post;
  }

  void publish(User author, Post post) {
    store.publish(StoreEvents.POST_CREATED, new PostCreated(post, author.id()));
  }

  /** Notify's view of the pair: true, false, or null when it has not seen it yet. */
  Boolean following(User follower, User followee) {
    try (Connection c = DriverManager.getConnection(jdbcUrl);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT following FROM notify.follows WHERE follower_id = ? AND followee_id = ?")) {
      s.setString(1, follower.id());
      s.setString(2, followee.id());
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() ? rows.getBoolean(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
