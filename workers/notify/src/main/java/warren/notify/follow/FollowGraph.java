package warren.notify.follow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;
import warren.contracts.store.UserFollowed;
import warren.contracts.store.UserUnfollowed;
import warren.messaging.MessageContext;

/**
 * Notify's copy of who follows whom ({@code notify.follows}), kept from the store's events. Each
 * pair keeps its latest state by the time the web accepted the change, so a follow and an unfollow
 * that arrive in the wrong order (they travel on two queues) still end in the right state.
 * Thread-safe.
 */
public final class FollowGraph {
  private static final String UPSERT =
      """
      INSERT INTO notify.follows (follower_id, followee_id, following, issued_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (follower_id, followee_id) DO UPDATE
        SET following = excluded.following, issued_at = excluded.issued_at
        WHERE follows.issued_at <= excluded.issued_at
      """;

  private final DataSource dataSource;

  public FollowGraph(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Handles {@code user.followed} from the {@code notify.follows} queue. */
  public void followed(UserFollowed event, MessageContext context) throws SQLException {
    record(event.followerId(), event.followeeId(), true, event.issuedAt());
  }

  /** Handles {@code user.unfollowed} from the {@code notify.unfollows} queue. */
  public void unfollowed(UserUnfollowed event, MessageContext context) throws SQLException {
    record(event.followerId(), event.followeeId(), false, event.issuedAt());
  }

  private void record(String followerId, String followeeId, boolean following, Instant issuedAt)
      throws SQLException {
    // Events from before issuedAt existed count as "now": arrival order decides for them.
    Instant at = issuedAt != null ? issuedAt : Instant.now();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
      upsert.setString(1, followerId);
      upsert.setString(2, followeeId);
      upsert.setBoolean(3, following);
      upsert.setTimestamp(4, Timestamp.from(at));
      upsert.executeUpdate();
    }
  }
}
