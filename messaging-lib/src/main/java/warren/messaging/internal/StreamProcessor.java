package warren.messaging.internal;

import java.util.Map;
import warren.messaging.DeliveryHook.Outcome;
import warren.messaging.ServiceError;
import warren.messaging.StreamCancelledException;
import warren.messaging.StreamHandler;
import warren.messaging.Trace;

/**
 * Serves one streaming endpoint: items go to the caller one reply each, then an end marker; an
 * exception ends the stream with an error reply; a cancel from the caller, a bounced reply or the
 * deadline stops the producer at its next {@code emit}.
 */
final class StreamProcessor<Q, R> implements Processor {
  private final Class<Q> requestType;
  private final StreamHandler<Q, R> handler;
  private final Processing processing;
  private final StreamControl control;

  StreamProcessor(
      Class<Q> requestType,
      StreamHandler<Q, R> handler,
      Processing processing,
      StreamControl control) {
    this.requestType = requestType;
    this.handler = handler;
    this.processing = processing;
    this.control = control;
  }

  @Override
  public Settle process(Incoming in) {
    long start = System.nanoTime();
    if (in.expired(processing.now())) {
      processing.report(in, Outcome.EXPIRED, start, null);
      return Settle.ACK;
    }
    String id = in.properties().getCorrelationId();
    Map<String, Object> item =
        Map.of(Headers.STREAM, "item", Headers.CONTROL_QUEUE, control.queue());
    try (Trace.Scope scope = Trace.open(in.correlationId())) {
      Q request = processing.json().read(in.delivery().getBody(), requestType);
      StreamHandler.ReplySink<R> sink =
          new StreamHandler.ReplySink<>() {
            @Override
            public void emit(R value) {
              if (cancelled()) {
                throw new StreamCancelledException(
                    "stream " + in.endpoint() + " " + id + " was cancelled by its caller");
              }
              RpcProcessor.reply(processing, in, processing.json().write(value), null, item);
            }

            @Override
            public boolean cancelled() {
              return control.isCancelled(id) || in.expired(processing.now());
            }
          };
      handler.handle(request, sink, in);
      if (!sink.cancelled()) {
        RpcProcessor.reply(processing, in, null, null, Map.of(Headers.STREAM, "end"));
      }
      processing.report(in, Outcome.OK, start, null);
    } catch (StreamCancelledException e) {
      processing.report(in, Outcome.OK, start, null);
    } catch (ServiceError | Json.UnreadableMessageException e) {
      Throwable error =
          e instanceof ServiceError ? e : new ServiceError("bad_request", e.getMessage());
      RpcProcessor.reply(processing, in, null, error, Map.of(Headers.STREAM, "error"));
      processing.report(in, Outcome.REJECTED, start, e);
    } catch (Exception e) {
      RpcProcessor.reply(processing, in, null, e, Map.of(Headers.STREAM, "error"));
      processing.report(in, Outcome.FAILED, start, e);
    } finally {
      control.finished(id);
    }
    return Settle.ACK;
  }

  @Override
  public boolean opensChannelsOnDemand() {
    return true;
  }
}
