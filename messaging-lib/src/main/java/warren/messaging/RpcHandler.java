package warren.messaging;

/** Serves an {@link RpcEndpoint}: turns one request into one reply. */
@FunctionalInterface
public interface RpcHandler<Q, R> {
  /**
   * @return the reply, sent to the caller
   * @throws ServiceError for an answer the caller should see as an error it can handle
   * @throws Exception anything else: the caller gets a {@link RemoteException} naming the type
   */
  R handle(Q request, MessageContext context) throws Exception;
}
