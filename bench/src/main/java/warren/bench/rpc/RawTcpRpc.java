package warren.bench.rpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import warren.bench.Contender;
import warren.bench.Load;
import warren.bench.Sample;

/**
 * Lower down the stack: a length-prefixed echo over one TCP connection, no broker, no HTTP. The
 * caller pipelines requests on the connection and matches replies by order; the server echoes each
 * frame and flushes when it has read everything that arrived. What is left is the kernel's loopback
 * and two JVM threads: the floor under every transport.
 */
public final class RawTcpRpc implements Contender {
  private final ServerSocket listener;
  private final Socket socket;
  private final DataOutputStream out;
  private final Queue<CompletableFuture<byte[]>> waiting = new ConcurrentLinkedQueue<>();
  private final byte[] request;

  public RawTcpRpc() throws IOException {
    request = new ObjectMapper().writeValueAsBytes(Echo.HUNDRED_BYTES);
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().name("bench-tcp-accept").daemon().start(this::accept);
    socket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    socket.setTcpNoDelay(true);
    out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
    DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
    Thread.ofPlatform().name("bench-tcp-client-reader").daemon().start(() -> readReplies(in));
  }

  @Override
  public String name() {
    return "raw-tcp";
  }

  @Override
  public Sample run(int inFlight, Duration duration) throws Exception {
    return Load.pipelined(this::call, inFlight, duration);
  }

  private CompletableFuture<byte[]> call() throws IOException {
    CompletableFuture<byte[]> reply = new CompletableFuture<>();
    synchronized (out) {
      waiting.add(reply);
      out.writeInt(request.length);
      out.write(request);
      out.flush();
    }
    return reply;
  }

  private void readReplies(DataInputStream in) {
    try {
      while (true) {
        byte[] body = new byte[in.readInt()];
        in.readFully(body);
        waiting.remove().complete(body);
      }
    } catch (IOException closed) {
      IOException failure = new IOException("connection closed: " + closed.getMessage());
      waiting.forEach(f -> f.completeExceptionally(failure));
    }
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket connection = listener.accept();
        connection.setTcpNoDelay(true);
        Thread.ofPlatform().name("bench-tcp-server").daemon().start(() -> echo(connection));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private static void echo(Socket connection) {
    try (connection) {
      DataInputStream in =
          new DataInputStream(new BufferedInputStream(connection.getInputStream()));
      DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(connection.getOutputStream()));
      while (true) {
        byte[] body = new byte[in.readInt()];
        in.readFully(body);
        out.writeInt(body.length);
        out.write(body);
        if (in.available() == 0) {
          out.flush();
        }
      }
    } catch (IOException closed) {
      // The caller hung up: the run is over.
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    listener.close();
  }
}
