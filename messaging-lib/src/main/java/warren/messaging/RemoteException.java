package warren.messaging;

/**
 * The handler on the other side failed. {@link #code()} is the {@link ServiceError} code it threw,
 * or {@code internal} for any other exception, whose class is in {@link #remoteType()}.
 */
public class RemoteException extends WarrenException {
  private static final long serialVersionUID = 1L;
  private final String code;
  private final String remoteType;
  private final String remoteMessage;

  public RemoteException(String endpoint, String code, String remoteType, String remoteMessage) {
    super(
        "RPC "
            + endpoint
            + " failed remotely with "
            + code
            + " ("
            + remoteType
            + "): "
            + remoteMessage);
    this.code = code;
    this.remoteType = remoteType;
    this.remoteMessage = remoteMessage;
  }

  public String code() {
    return code;
  }

  public String remoteType() {
    return remoteType;
  }

  /** The remote exception's message as it was thrown, without the endpoint prefix. */
  public String remoteMessage() {
    return remoteMessage;
  }
}
