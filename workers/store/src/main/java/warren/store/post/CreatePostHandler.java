package warren.store.post;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import warren.contracts.store.CreatePost;
import warren.contracts.store.Post;
import warren.contracts.store.PostCreated;
import warren.contracts.store.PostText;
import warren.contracts.store.StoreEvents;
import warren.messaging.CommandHandler;
import warren.messaging.MessageContext;
import warren.messaging.ServiceError;
import warren.store.CommandOutcome;
import warren.store.EventPublisher;
import warren.store.Transactions;
import warren.store.user.UserRepository;

/**
 * Consumes {@code store.create-post}: stores the post (once per post id, the first text and time
 * win), records the author if new, and after commit publishes {@code post.created}.
 *
 * <p>Thread-safe: one instance serves all consumer threads.
 */
public final class CreatePostHandler implements CommandHandler<CreatePost> {
  private final Transactions transactions;
  private final EventPublisher events;
  private final UserRepository users = new UserRepository();
  private final PostRepository posts = new PostRepository();

  public CreatePostHandler(Transactions transactions, EventPublisher events) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.events = Objects.requireNonNull(events, "events");
  }

  /**
   * Applies the command in its own transaction, then publishes.
   *
   * @throws ServiceError {@code invalid_text} when the text breaks {@link PostText}
   */
  @Override
  public void handle(CreatePost command, MessageContext context) throws SQLException {
    transactions
        .inTransaction(connection -> apply(command, connection))
        .publishAfterCommit(events, context);
  }

  /**
   * Applies the command in the caller's transaction, for wrappers such as the idempotency helper.
   * The caller publishes the outcome after it committed.
   *
   * @return {@code post.created} with the stored post; {@code changed} false when the id existed
   */
  public CommandOutcome<PostCreated> apply(CreatePost command, Connection connection)
      throws SQLException {
    String text = PostText.requireValid(command.text());
    // PostgreSQL keeps microseconds: truncate here so the stored time, the event and cursors agree.
    var createdAt = command.createdAt().truncatedTo(ChronoUnit.MICROS);
    users.upsert(connection, command.authorId(), command.authorName());
    boolean inserted =
        posts.insert(connection, command.postId(), command.authorId(), text, createdAt);
    Post post =
        inserted
            ? new Post(command.postId(), command.authorName(), text, createdAt)
            : posts.find(connection, command.postId()).orElseThrow();
    return new CommandOutcome<>(
        StoreEvents.POST_CREATED, new PostCreated(post, command.authorId()), inserted);
  }
}
