package warren.messaging;

/** The caller of a stream cancelled it or went away; the producer should stop. */
public class StreamCancelledException extends WarrenException {
  private static final long serialVersionUID = 1L;

  public StreamCancelledException(String message) {
    super(message);
  }
}
