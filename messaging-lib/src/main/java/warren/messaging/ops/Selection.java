package warren.messaging.ops;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which dead letters a replay or a discard acts on: some ids, one failure group, or all of them. An
 * id or group that matches nothing fails the whole operation before anything moves.
 */
public sealed interface Selection {
  /** Whether the message is selected. */
  boolean matches(DeadLetter message);

  /** The messages with these ids (every copy of an id, if it was dead-lettered twice). */
  static Selection ids(List<String> ids) {
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("no message id given: pass at least one id, or all");
    }
    return new Ids(Collections.unmodifiableSet(new LinkedHashSet<>(ids)));
  }

  /** The messages of one failure group ({@link DeadLetterGroup#group()}). */
  static Selection group(String group) {
    return new Group(group);
  }

  /** Every message in the queue. */
  static Selection all() {
    return new All();
  }

  /** Selects by message id; the ids keep the order they were given in, for messages. */
  record Ids(Set<String> ids) implements Selection {
    @Override
    public boolean matches(DeadLetter message) {
      return ids.contains(message.id());
    }
  }

  /** Selects one failure group. */
  record Group(String group) implements Selection {
    @Override
    public boolean matches(DeadLetter message) {
      return message.group().equals(group);
    }
  }

  /** Selects everything. */
  record All() implements Selection {
    @Override
    public boolean matches(DeadLetter message) {
      return true;
    }
  }
}
