package warren.messaging.topology;

import warren.messaging.WarrenException;

/**
 * A definitions file cannot be read or used, or the broker holds a resource the file declares
 * differently and applying cannot fix it without deleting. The message says which and what to do.
 */
public class TopologyException extends WarrenException {
  private static final long serialVersionUID = 1L;

  public TopologyException(String message) {
    super(message);
  }
}
