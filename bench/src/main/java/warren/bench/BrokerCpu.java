package warren.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time of the local RabbitMQ node (the {@code beam.smp} process), read from {@code /proc}, so a
 * run can say how much of a call's cost is the broker's. Where the broker is not a local Linux
 * process this reads nothing and the figure is left out. Other clients of the broker count too: a
 * diagnostic, not a result.
 */
final class BrokerCpu {
  private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux
  private final Optional<Path> stat;

  private BrokerCpu(Optional<Path> stat) {
    this.stat = stat;
  }

  static BrokerCpu find() {
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      return new BrokerCpu(
          processes
              .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
              .filter(p -> "beam.smp".equals(read(p.resolve("comm")).strip()))
              .map(p -> p.resolve("stat"))
              .findFirst());
    } catch (IOException | RuntimeException e) {
      return new BrokerCpu(Optional.empty());
    }
  }

  /** The broker's CPU time so far in nanoseconds, or -1 when unknown. */
  long nanos() {
    if (stat.isEmpty()) {
      return -1;
    }
    String line = read(stat.get());
    // Fields after the command name (which may contain spaces) start after the last ')'.
    String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
    if (fields.length < 13) {
      return -1;
    }
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
    return (long) (ticks / TICKS_PER_SECOND * 1e9);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }
}
