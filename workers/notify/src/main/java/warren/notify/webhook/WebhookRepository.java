package warren.notify.webhook;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import warren.contracts.notify.WebhookStatus;

/** The {@code webhooks} and {@code webhook_deliveries} tables. Thread-safe. */
public final class WebhookRepository {
  /** Longest last error kept, in characters; a target's error page can be long. */
  static final int MAX_ERROR_LENGTH = 500;

  private static final String UNIQUE_VIOLATION = "23505";

  private final DataSource dataSource;

  public WebhookRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Stores a webhook; empty when the user already has this URL. */
  public Optional<String> create(String id, String userId, String url) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO notify.webhooks (id, user_id, url) VALUES (?, ?, ?)"
                    + " ON CONFLICT (user_id, url) DO NOTHING")) {
      insert.setString(1, id);
      insert.setString(2, userId);
      insert.setString(3, url);
      return insert.executeUpdate() == 1 ? Optional.of(id) : Optional.empty();
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The user's webhooks, oldest first. */
  public List<WebhookStatus> list(String userId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT id, url, delivered, failed, last_error FROM notify.webhooks"
                    + " WHERE user_id = ? ORDER BY created_at, id")) {
      select.setString(1, userId);
      List<WebhookStatus> found = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          found.add(
              new WebhookStatus(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getLong(3),
                  rows.getLong(4),
                  rows.getString(5)));
        }
      }
      return found;
    }
  }

  /** Deletes the webhook if it is the user's; false when there is no such webhook of theirs. */
  public boolean delete(String userId, String id) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement delete =
            c.prepareStatement("DELETE FROM notify.webhooks WHERE id = ? AND user_id = ?")) {
      delete.setString(1, id);
      delete.setString(2, userId);
      return delete.executeUpdate() == 1;
    }
  }

  /** The webhook's URL, or empty once it was deleted. */
  public Optional<String> urlOf(String id) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement("SELECT url FROM notify.webhooks WHERE id = ?")) {
      select.setString(1, id);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
      }
    }
  }

  /** Whether this delivery already reached its target (a redelivered command). */
  public boolean wasDelivered(String deliveryId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement("SELECT 1 FROM notify.webhook_deliveries WHERE delivery_id = ?")) {
      select.setString(1, deliveryId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }

  /** Records a delivery that reached its target, and counts it once. */
  public void recordDelivered(String webhookId, String deliveryId) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO notify.webhook_deliveries (delivery_id, webhook_id) VALUES (?, ?)"
                      + " ON CONFLICT DO NOTHING");
          PreparedStatement count =
              c.prepareStatement(
                  "UPDATE notify.webhooks SET delivered = delivered + 1 WHERE id = ?")) {
        insert.setString(1, deliveryId);
        insert.setString(2, webhookId);
        if (insert.executeUpdate() == 1) {
          count.setString(1, webhookId);
          count.executeUpdate();
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** Counts a failed attempt and keeps its reason as the webhook's last error. */
  public void recordFailed(String webhookId, String error) throws SQLException {
    String kept = error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
    try (Connection c = dataSource.getConnection();
        PreparedStatement update =
            c.prepareStatement(
                "UPDATE notify.webhooks SET failed = failed + 1, last_error = ? WHERE id = ?")) {
      update.setString(1, kept);
      update.setString(2, webhookId);
      update.executeUpdate();
    }
  }
}
