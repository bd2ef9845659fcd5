package warren.notify.follow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import javax.sql.DataSource;
import warren.messaging.MessageContext;

/**
 * Notify's copy of who follows whom ({@code notify.follows}), kept from the store's events. Each
 * pair keeps its latest state by the time the web accepted the change, so a follow and an unfollow
 * handled in the wrong order (consumer threads, replicas, retries) still end in the right state.
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

  /** Handles {@code user.followed} and {@code user.unfollowed} from {@code notify.follows}. */
  public void changed(FollowChange change, MessageContext context) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
      upsert.setString(1, change.followerId());
      upsert.setString(2, change.followeeId());
      upsert.setBoolean(3, change.following());
      upsert.setTimestamp(4, Timestamp.from(change.at()));
      upsert.executeUpdate();
    }
  }
}
