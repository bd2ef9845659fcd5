package warren.notify;

import warren.messaging.service.ServiceRuntime;

/** Runs one notify worker until SIGTERM or Ctrl-C: {@code ./warren run notify}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    ServiceRuntime.runUntilStopped(
        NotifyWorker.start(NotifyWorker.Settings.fromEnvironment(System.getenv())));
  }
}
