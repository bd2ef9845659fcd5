package warren.store.post;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import warren.contracts.store.CreatePost;
import warren.contracts.store.Post;
import warren.contracts.store.PostCreated;
import warren.contracts.store.PostText;
import warren.contracts.store.StoreEvents;
import warren.messaging.BatchCommandHandler;
import warren.messaging.CommandHandler;
import warren.messaging.MessageContext;
import warren.messaging.ServiceError;
import warren.messaging.Trace;
import warren.store.CommandOutcome;
import warren.store.EventPublisher;
import warren.store.Transactions;
import warren.store.user.UserRepository;

/**
 * Consumes {@code store.create-post}: stores the post (once per post id, the first text and time
 * win), records the author if new, and after commit publishes {@code post.created}.
 *
 * <p>The worker consumes in batches ({@link #handle(List)}): one transaction, one commit for all
 * the posts waiting, then one event per post.
 *
 * <p>Thread-safe: one instance serves all consumer threads.
 */
public final class CreatePostHandler
    implements CommandHandler<CreatePost>, BatchCommandHandler<CreatePost> {
  private final Transactions transactions;
  private final EventPublisher events;
  private final UserRepository users = new UserRepository();
  private final PostRepository posts = new PostRepository();

  public CreatePostHandler(Transactions transactions, EventPublisher events) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.events = Objects.requireNonNull(events, "events");
  }

  /**
   * Applies the command in its own transaction, then publishes: a batch of one.
   *
   * @throws ServiceError {@code invalid_text} when the text breaks {@link PostText}
   */
  @Override
  public void handle(CreatePost command, MessageContext context) throws SQLException {
    handle(List.of(new Delivered<>(command, context)));
  }

  /**
   * Applies the batch in one transaction, then publishes each post's event under its own trace id.
   *
   * @throws ServiceError {@code invalid_text} when a text breaks {@link PostText} (nothing of the
   *     batch is stored; Warren then handles each command alone)
   */
  @Override
  public void handle(List<Delivered<CreatePost>> batch) throws SQLException {
    List<CreatePost> commands = new ArrayList<>(batch.size());
    for (Delivered<CreatePost> d : batch) {
      commands.add(d.message());
    }
    List<CommandOutcome<PostCreated>> outcomes =
        transactions.inTransaction(connection -> applyAll(commands, connection));
    for (int i = 0; i < batch.size(); i++) {
      MessageContext context = batch.get(i).context();
      try (Trace.Scope trace = Trace.open(context.correlationId())) {
        outcomes.get(i).publishAfterCommit(events, context);
      }
    }
  }

  /**
   * {@link #apply} for many commands in the caller's transaction, in one statement per table.
   *
   * @return one outcome per command, in order; {@code changed} false when the id existed (or came
   *     earlier in the batch)
   */
  public List<CommandOutcome<PostCreated>> applyAll(
      List<CreatePost> commands, Connection connection) throws SQLException {
    List<PostRepository.NewPost> rows = new ArrayList<>(commands.size());
    // By id, so concurrent batches take the users' row locks in one order; the last name wins.
    SortedMap<String, String> authors = new TreeMap<>();
    for (CreatePost command : commands) {
      String text = PostText.requireValid(command.text());
      rows.add(
          new PostRepository.NewPost(
              command.postId(),
              command.authorId(),
              text,
              // PostgreSQL keeps microseconds: the stored time, the event and cursors agree.
              command.createdAt().truncatedTo(ChronoUnit.MICROS)));
      authors.put(command.authorId(), command.authorName());
    }
    users.upsertAll(connection, authors);
    Set<String> inserted = posts.insertAll(connection, rows);
    List<CommandOutcome<PostCreated>> outcomes = new ArrayList<>(commands.size());
    for (int i = 0; i < commands.size(); i++) {
      CreatePost command = commands.get(i);
      PostRepository.NewPost row = rows.get(i);
      boolean changed = inserted.remove(row.id());
      Post post =
          changed
              ? new Post(row.id(), command.authorName(), row.text(), row.createdAt())
              : posts.find(connection, row.id()).orElseThrow();
      outcomes.add(
          new CommandOutcome<>(
              StoreEvents.POST_CREATED, new PostCreated(post, command.authorId()), changed));
    }
    return outcomes;
  }
}
