package warren.store.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.store.StoreTestDatabase;

class UserRepositoryIT {
  @RegisterExtension static final StoreTestDatabase db = new StoreTestDatabase();

  private final UserRepository users = new UserRepository();

  @Test
  void recording_a_user_again_keeps_one_row_and_a_new_name_renames_it() throws Exception {
    db.transactions().inTransaction(c -> upsert(c, "id-1", "ada"));
    db.transactions().inTransaction(c -> upsert(c, "id-1", "ada"));
    assertEquals(Optional.of("id-1"), db.transactions().read(c -> users.idOf(c, "ada")));

    db.transactions().inTransaction(c -> upsert(c, "id-1", "ada_lovelace"));

    assertEquals(1, db.count("SELECT count(*) FROM store.users WHERE id = 'id-1'"));
    assertEquals(Optional.empty(), db.transactions().read(c -> users.idOf(c, "ada")));
    assertEquals(Optional.of("id-1"), db.transactions().read(c -> users.idOf(c, "ada_lovelace")));
  }

  @Test
  void a_name_another_id_holds_is_refused() throws Exception {
    db.transactions().inTransaction(c -> upsert(c, "id-2", "bob"));
    assertThrows(
        SQLException.class, () -> db.transactions().inTransaction(c -> upsert(c, "id-3", "bob")));
  }

  @Test
  void many_transactions_recording_the_same_new_users_at_once_all_succeed() throws Exception {
    // A sign-up, a follow and a batch of posts can each record the same new user at the same time.
    int threads = 8;
    int usersEach = 150;
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
    java.util.List<java.util.concurrent.Future<Void>> runs = new java.util.ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
      for (int t = 0; t < threads; t++) {
        runs.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < usersEach; i++) {
                    String id = "race-" + i;
                    db.transactions().inTransaction(c -> upsert(c, id, "racer_" + id.hashCode()));
                  }
                  return null;
                }));
      }
      for (var run : runs) {
        run.get(); // a unique violation in any transaction fails the test here
      }
    }
    assertEquals(usersEach, db.count("SELECT count(*) FROM store.users WHERE id LIKE 'race-%'"));
  }

  private Void upsert(java.sql.Connection c, String id, String name) throws SQLException {
    users.upsert(c, id, name);
    return null;
  }
}
