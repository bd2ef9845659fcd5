package warren.testkit;

import java.io.IOException;
import java.net.ServerSocket;

/** Ports for child processes a test starts, each replica taking the next one up. */
public final class FreePorts {
  private FreePorts() {}

  /** The first of {@code count} consecutive ports that are free right now, chosen at random. */
  public static int run(int count) {
    for (int attempt = 0; attempt < 20; attempt++) {
      int base = 20_000 + (int) (Math.random() * 20_000);
      boolean free = true;
      for (int i = 0; i < count && free; i++) {
        try (ServerSocket socket = new ServerSocket(base + i)) {
          socket.setReuseAddress(true);
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IllegalStateException("no " + count + " free ports in a row");
  }
}
