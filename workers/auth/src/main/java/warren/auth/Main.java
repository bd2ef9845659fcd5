package warren.auth;

import warren.messaging.service.ServiceRuntime;

/** Runs one auth worker until SIGTERM or Ctrl-C: {@code ./warren run auth}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    ServiceRuntime.runUntilStopped(
        AuthWorker.start(AuthWorker.Settings.fromEnvironment(System.getenv())));
  }
}
