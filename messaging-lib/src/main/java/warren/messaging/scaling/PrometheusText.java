package warren.messaging.scaling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the few samples scaling needs out of a worker's {@code /metrics} (Prometheus text format
 * 0.0.4): each line {@code name{label="value",...} number}. Comments and unparseable lines are
 * skipped, since a scrape must not fail on a metric it does not need.
 */
final class PrometheusText {
  /** One sample line. */
  record Sample(String name, Map<String, String> labels, double value) {}

  private PrometheusText() {}

  static List<Sample> parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Sample sample = parseLine(line.strip());
      if (sample != null) {
        samples.add(sample);
      }
    }
    return samples;
  }

  private static Sample parseLine(String line) {
    int brace = line.indexOf('{');
    int space;
    String name;
    Map<String, String> labels = new LinkedHashMap<>();
    if (brace >= 0 && brace < line.indexOf(' ')) {
      name = line.substring(0, brace);
      int i = brace + 1;
      while (i < line.length() && line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
          return null;
        }
        String key = line.substring(i, eq).strip();
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        while (j < line.length() && line.charAt(j) != '"') {
          char c = line.charAt(j);
          if (c == '\\' && j + 1 < line.length()) {
            char next = line.charAt(++j);
            value.append(next == 'n' ? '\n' : next);
          } else {
            value.append(c);
          }
          j++;
        }
        labels.put(key, value.toString());
        i = j + 1;
        if (i < line.length() && line.charAt(i) == ',') {
          i++;
        }
      }
      space = line.indexOf(' ', i);
    } else {
      space = line.indexOf(' ');
      name = space < 0 ? line : line.substring(0, space);
    }
    if (space < 0) {
      return null;
    }
    String[] rest = line.substring(space + 1).strip().split("\\s+");
    try {
      return new Sample(name, labels, Double.parseDouble(rest[0]));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
