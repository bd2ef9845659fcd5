package warren.messaging.internal;

/**
 * Decides, tick by tick, whether an endpoint's consumer needs another channel or can give one up.
 *
 * <p>Another channel helps when handlers wait on something (a database, a webhook): then another
 * handler can run meanwhile. It opens one when, in the last tick, the open channels were busy
 * handling for at least half of it and at least a tenth of the calls took {@link #SLOW_CALL_MILLIS}
 * ms or more; when every open channel has been in the same call for the whole tick; or when they
 * were busy for {@link #SATURATED_SHARE} of each of {@link #SATURATED_TICKS} ticks in a row. Busy
 * time alone would not do: a burst of quick calls keeps one channel busy for a tick without a
 * second one helping, and each channel costs the broker and this process work per message. The last
 * opened closes after {@link #QUIET_TICKS} ticks in a row in which none of that held and the rest
 * would have stayed under {@link #QUIET_SHARE} busy without it, so a cold start (the first calls
 * are slow while the JIT compiles them) or a slow spell leaves no more channels than the load
 * needs. Not thread-safe: one timer thread asks.
 */
final class LaneDemand {
  static final long SLOW_CALL_MILLIS = 1;
  static final double SATURATED_SHARE = 0.9;
  static final int SATURATED_TICKS = 10;
  static final int QUIET_TICKS = 100;
  static final double QUIET_SHARE = 0.4;

  enum Change {
    OPEN,
    CLOSE,
    NONE
  }

  private int saturatedTicks;
  private int quietTicks;

  /**
   * @param busyShare time the open channels spent in handler calls that returned in the tick, over
   *     the tick's length times {@code open}
   * @param calls handler calls that returned in the tick
   * @param slowCalls those of them that took {@link #SLOW_CALL_MILLIS} ms or more
   * @param allStuck every open channel has been in one call since before the tick began
   * @param open channels consuming now, at least 1
   * @param most the endpoint's concurrency
   */
  Change next(double busyShare, long calls, long slowCalls, boolean allStuck, int open, int most) {
    boolean waiting = busyShare >= 0.5 && calls > 0 && slowCalls * 10 >= calls;
    saturatedTicks = busyShare >= SATURATED_SHARE ? saturatedTicks + 1 : 0;
    if (waiting || allStuck || saturatedTicks >= SATURATED_TICKS) {
      saturatedTicks = 0;
      quietTicks = 0;
      return open < most ? Change.OPEN : Change.NONE;
    }
    if (open > 1 && busyShare * open / (open - 1) < QUIET_SHARE) {
      if (++quietTicks >= QUIET_TICKS) {
        quietTicks = 0;
        return Change.CLOSE;
      }
      return Change.NONE;
    }
    quietTicks = 0;
    return Change.NONE;
  }
}
