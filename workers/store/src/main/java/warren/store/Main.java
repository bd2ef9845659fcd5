package warren.store;

import warren.messaging.service.ServiceRuntime;

/** Runs one store worker until SIGTERM or Ctrl-C: {@code ./warren run store}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    ServiceRuntime.runUntilStopped(
        StoreWorker.start(StoreWorker.Settings.fromEnvironment(System.getenv())));
  }
}
