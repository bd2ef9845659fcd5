package warren.store.post;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import warren.contracts.store.Post;

/**
 * The {@code store.posts} table. Pages are read newest first by {@code (created_at, id)}; each page
 * method reads {@link PageRequest#rowsToFetch()} rows, for {@link PageRequest#toPage}.
 *
 * <p>Stateless; each method works on the caller's connection and transaction.
 */
public final class PostRepository {
  private static final String SELECT =
      "SELECT p.id, u.username, p.text, p.created_at"
          + " FROM store.posts p JOIN store.users u ON u.id = p.author_id";
  private static final String NEWEST_FIRST = " ORDER BY p.created_at DESC, p.id DESC LIMIT ?";

  /** Parameters bound before the cursor's, starting at index 1. */
  @FunctionalInterface
  private interface Binder {
    int bind(PreparedStatement statement) throws SQLException;
  }

  /** A post to {@link #insertAll}; {@code createdAt} already truncated to microseconds. */
  public record NewPost(String id, String authorId, String text, Instant createdAt) {}

  /**
   * Stores the posts whose id does not exist yet, in one statement.
   *
   * @return the ids that were inserted (once, for an id given twice)
   */
  public java.util.Set<String> insertAll(Connection connection, List<NewPost> posts)
      throws SQLException {
    int n = posts.size();
    String[] ids = new String[n];
    String[] authors = new String[n];
    String[] texts = new String[n];
    String[] times = new String[n];
    for (int i = 0; i < n; i++) {
      NewPost p = posts.get(i);
      ids[i] = p.id();
      authors[i] = p.authorId();
      texts[i] = p.text();
      times[i] = p.createdAt().toString(); // ISO-8601 in UTC ("...Z"), whatever the session zone
    }
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO store.posts (id, author_id, text, created_at)"
                + " SELECT id, author_id, text, CAST(created_at AS timestamptz) FROM unnest("
                + "CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]))"
                + " AS v(id, author_id, text, created_at)"
                + " ON CONFLICT (id) DO NOTHING RETURNING id")) {
      statement.setArray(1, connection.createArrayOf("text", ids));
      statement.setArray(2, connection.createArrayOf("text", authors));
      statement.setArray(3, connection.createArrayOf("text", texts));
      statement.setArray(4, connection.createArrayOf("text", times));
      java.util.Set<String> inserted = new java.util.HashSet<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          inserted.add(rows.getString(1));
        }
      }
      return inserted;
    }
  }

  public Optional<Post> find(Connection connection, String id) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(SELECT + " WHERE p.id = ?")) {
      statement.setString(1, id);
      List<Post> posts = read(statement);
      return posts.stream().findFirst();
    }
  }

  /**
   * The user's own posts and those of everyone they follow. Each author's newest posts are read
   * from {@code posts_author_newest}, at most one page per author, and merged: filtering the whole
   * table by author instead walks {@code posts_newest} past every newer post of everyone else
   * (thousands of rows when the followees post less than the rest of the site).
   */
  public List<Post> timeline(Connection connection, String userId, PageRequest page)
      throws SQLException {
    String sql =
        "SELECT p.id, u.username, p.text, p.created_at FROM"
            + " (SELECT CAST(? AS text) AS author_id"
            + " UNION ALL SELECT f.followee_id FROM store.follows f WHERE f.follower_id = ?) a"
            + " CROSS JOIN LATERAL (SELECT q.id, q.author_id, q.text, q.created_at"
            + " FROM store.posts q WHERE q.author_id = a.author_id"
            + (page.before().isPresent() ? " AND (q.created_at, q.id) < (?, ?)" : "")
            + " ORDER BY q.created_at DESC, q.id DESC LIMIT ?) p"
            + " JOIN store.users u ON u.id = p.author_id"
            + NEWEST_FIRST;
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, userId);
      statement.setString(2, userId);
      int next = bindCursor(statement, 3, page);
      statement.setInt(next++, page.rowsToFetch());
      statement.setInt(next, page.rowsToFetch());
      return read(statement);
    }
  }

  public List<Post> byAuthor(Connection connection, String authorId, PageRequest page)
      throws SQLException {
    return page(
        connection,
        "p.author_id = ?",
        statement -> {
          statement.setString(1, authorId);
          return 2;
        },
        page);
  }

  /**
   * Posts matching a web-search style query ({@code websearch_to_tsquery} with the {@code simple}
   * configuration: every word, case-insensitive, no stemming). Angle brackets are read as spaces,
   * as in the posts' search column (otherwise the parser drops "<...>" as a tag).
   */
  public List<Post> search(Connection connection, String query, PageRequest page)
      throws SQLException {
    return page(
        connection,
        "p.search @@ websearch_to_tsquery('simple', translate(?, '<>', '  '))",
        statement -> {
          statement.setString(1, query);
          return 2;
        },
        page);
  }

  public long countByAuthor(Connection connection, String authorId) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT count(*) FROM store.posts WHERE author_id = ?")) {
      statement.setString(1, authorId);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private List<Post> page(Connection connection, String where, Binder binder, PageRequest page)
      throws SQLException {
    String sql =
        SELECT
            + " WHERE "
            + where
            + (page.before().isPresent() ? " AND (p.created_at, p.id) < (?, ?)" : "")
            + NEWEST_FIRST;
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int next = bindCursor(statement, binder.bind(statement), page);
      statement.setInt(next, page.rowsToFetch());
      return read(statement);
    }
  }

  /** Binds the page's cursor, if any, from {@code index}; returns the next free index. */
  private static int bindCursor(PreparedStatement statement, int index, PageRequest page)
      throws SQLException {
    if (page.before().isEmpty()) {
      return index;
    }
    PostCursor cursor = page.before().get();
    statement.setObject(index, utc(cursor.createdAt()));
    statement.setString(index + 1, cursor.id());
    return index + 2;
  }

  private static List<Post> read(PreparedStatement statement) throws SQLException {
    List<Post> posts = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        posts.add(
            new Post(
                rows.getString(1),
                rows.getString(2),
                rows.getString(3),
                rows.getObject(4, OffsetDateTime.class).toInstant()));
      }
    }
    return posts;
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
