package warren.notify.fanout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import warren.contracts.notify.NotifyApi;
import warren.contracts.store.PostCreated;
import warren.messaging.MessageContext;
import warren.messaging.Warren;
import warren.notify.webhook.WebhookDelivery;

/**
 * Handles {@code post.created} ({@code notify.post-created}): publishes the post once per follower
 * of its author on {@code warren.notify} with routing key {@code user.<followerId>} (the id auth
 * issued), and sends one {@link WebhookDelivery} per webhook of each follower.
 *
 * <p>A post is fanned out once: its id is recorded in the same transaction, so the store publishing
 * {@code post.created} again (after a redelivery of its command) changes nothing. If the
 * transaction fails after some notifications went out, the retry sends them again; live
 * notifications are best effort, webhook commands carry a fixed message id per (webhook, post).
 * Thread-safe.
 */
public final class PostCreatedHandler {
  private static final String FOLLOWERS_AND_WEBHOOKS =
      """
      SELECT f.follower_id, w.id
        FROM notify.follows f LEFT JOIN notify.webhooks w ON w.user_id = f.follower_id
       WHERE f.followee_id = ? AND f.following
       ORDER BY f.follower_id, w.created_at
      """;

  private final DataSource dataSource;
  private final Warren warren;

  public PostCreatedHandler(DataSource dataSource, Warren warren) {
    this.dataSource = dataSource;
    this.warren = warren;
  }

  public void handle(PostCreated event, MessageContext context) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        if (firstTime(c, event.post().id())) {
          fanOut(event, followersWithWebhooks(c, event.authorId()));
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private void fanOut(PostCreated event, Map<String, Set<String>> followers) {
    followers.forEach(
        (followerId, webhookIds) -> {
          warren.notify(NotifyApi.notificationRoutingKey(followerId), event.post());
          for (String webhookId : webhookIds) {
            warren.send(
                WebhookDelivery.ENDPOINT,
                new WebhookDelivery(webhookId, event.post()),
                WebhookDelivery.idOf(webhookId, event.post().id()));
          }
        });
  }

  private static boolean firstTime(Connection c, String postId) throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO notify.fanned_out_posts (post_id) VALUES (?) ON CONFLICT DO NOTHING")) {
      insert.setString(1, postId);
      return insert.executeUpdate() == 1;
    }
  }

  private static Map<String, Set<String>> followersWithWebhooks(Connection c, String authorId)
      throws SQLException {
    Map<String, Set<String>> found = new LinkedHashMap<>();
    try (PreparedStatement select = c.prepareStatement(FOLLOWERS_AND_WEBHOOKS)) {
      select.setString(1, authorId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          Set<String> webhooks =
              found.computeIfAbsent(rows.getString(1), k -> new LinkedHashSet<>());
          if (rows.getString(2) != null) {
            webhooks.add(rows.getString(2));
          }
        }
      }
    }
    return found;
  }
}
