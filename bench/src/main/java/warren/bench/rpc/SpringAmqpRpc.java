package warren.bench.rpc;

import com.rabbitmq.client.ConnectionFactory;
import java.time.Duration;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.adapter.MessageListenerAdapter;
import org.springframework.amqp.support.converter.Jackson2JsonMessageConverter;
import warren.bench.Contender;
import warren.bench.Load;
import warren.bench.Sample;

/**
 * Spring AMQP as Java teams use it today: {@code RabbitTemplate.convertSendAndReceive} with JSON
 * conversion and direct reply-to, answered by a {@code SimpleMessageListenerContainer} whose
 * listener adapter echoes the request. The template blocks, so N callers are N threads.
 */
public final class SpringAmqpRpc implements Contender {
  static final String QUEUE = "spring.echo";

  private final CachingConnectionFactory serverFactory;
  private final CachingConnectionFactory clientFactory;
  private final SimpleMessageListenerContainer container;
  private final RabbitTemplate template;

  /**
   * @param consumers listener threads, as many as Warren's handler threads for a fair server side
   * @param prefetch unacked messages per listener thread
   */
  public SpringAmqpRpc(ConnectionFactory factory, int consumers, int prefetch) {
    // Spring AMQP recovers connections itself and asks for amqp-client's recovery to be off.
    factory.setAutomaticRecoveryEnabled(false);
    Jackson2JsonMessageConverter converter = new Jackson2JsonMessageConverter("warren.bench.rpc");
    serverFactory = new CachingConnectionFactory(factory);
    new RabbitAdmin(serverFactory).declareQueue(new Queue(QUEUE, true));
    container = new SimpleMessageListenerContainer(serverFactory);
    container.setQueueNames(QUEUE);
    container.setConcurrentConsumers(consumers);
    container.setPrefetchCount(prefetch);
    container.setMessageListener(new MessageListenerAdapter(new EchoListener(), converter));
    container.start();
    clientFactory = new CachingConnectionFactory(factory);
    clientFactory.setChannelCacheSize(128);
    template = new RabbitTemplate(clientFactory);
    template.setMessageConverter(converter);
    template.setRoutingKey(QUEUE);
    template.setReplyTimeout(5_000);
  }

  @Override
  public String name() {
    return "spring-amqp";
  }

  @Override
  public Sample run(int inFlight, Duration duration) throws Exception {
    return Load.blocking(
        () -> {
          if (template.convertSendAndReceive(Echo.HUNDRED_BYTES) == null) {
            throw new IllegalStateException("no reply within the template's reply timeout");
          }
        },
        inFlight,
        duration);
  }

  @Override
  public void close() {
    // Stopping the template first ends its direct reply-to consumers quietly.
    template.stop();
    container.stop();
    clientFactory.destroy();
    serverFactory.destroy();
  }

  /** The listener adapter's delegate: handleMessage is the method it calls by default. */
  public static final class EchoListener {
    public Echo handleMessage(Echo request) {
      return request;
    }
  }
}
