package warren.store.user;

import java.sql.SQLException;
import java.util.Objects;
import warren.contracts.auth.UserSignedUp;
import warren.messaging.CommandHandler;
import warren.messaging.MessageContext;
import warren.store.Transactions;

/**
 * Subscribes to {@code user.signed-up} (queue {@code store.users}): records the new user so the
 * store can find them by username before they post or follow. Idempotent.
 *
 * <p>Thread-safe.
 */
public final class UserSignedUpHandler implements CommandHandler<UserSignedUp> {
  private final Transactions transactions;
  private final UserRepository users = new UserRepository();

  public UserSignedUpHandler(Transactions transactions) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
  }

  @Override
  public void handle(UserSignedUp event, MessageContext context) throws SQLException {
    transactions.inTransaction(
        connection -> {
          users.upsert(connection, event.userId(), event.username());
          return null;
        });
  }
}
