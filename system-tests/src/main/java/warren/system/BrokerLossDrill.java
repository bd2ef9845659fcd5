package warren.system;

/** Placeholder until written. */
final class BrokerLossDrill implements Drill {
  @Override
  public String name() {
    return "broker-loss";
  }

  @Override
  public String description() {
    return "not written yet.";
  }

  @Override
  public void run(DrillContext context, Figures figures, Checks checks) {
    checks.check(false, "the drill is written");
  }
}
