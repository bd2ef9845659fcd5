package warren.store.post;

import java.sql.SQLException;
import java.util.Objects;
import warren.contracts.store.GetPost;
import warren.contracts.store.Post;
import warren.contracts.store.StoreApi;
import warren.messaging.MessageContext;
import warren.messaging.RpcHandler;
import warren.messaging.ServiceError;
import warren.store.Transactions;

/** Serves {@code store.get-post}: one post by id, or {@code not_found}. Thread-safe. */
public final class GetPostHandler implements RpcHandler<GetPost, Post> {
  private final Transactions transactions;
  private final PostRepository posts = new PostRepository();

  public GetPostHandler(Transactions transactions) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
  }

  @Override
  public Post handle(GetPost request, MessageContext context) throws SQLException {
    if (request.id() == null || request.id().indexOf('\0') >= 0) {
      // PostgreSQL refuses NUL in text; no id has one.
      throw new ServiceError(StoreApi.NOT_FOUND, "No post has that id.");
    }
    return transactions
        .read(connection -> posts.find(connection, request.id()))
        .orElseThrow(
            () -> new ServiceError(StoreApi.NOT_FOUND, "No post has id '" + request.id() + "'."));
  }
}
