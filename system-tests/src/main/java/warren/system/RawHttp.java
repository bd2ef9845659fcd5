package warren.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 as bytes on a socket, for requests no well-behaved client would send (invalid UTF-8, NUL
 * bytes, broken framing). One connection per request, closed by the server after its answer ({@code
 * Connection: close}).
 */
final class RawHttp {
  static final int TIMEOUT_MILLIS = 15_000;

  /**
   * What came back: the status (-1 when the connection closed or failed before any answer), the
   * whole response as text, and the failure if there was one.
   */
  record Answer(int status, String response, String failure) {
    boolean dropped() {
      return status < 0;
    }

    String body() {
      int end = response.indexOf("\r\n\r\n");
      return end < 0 ? "" : response.substring(end + 4);
    }
  }

  private RawHttp() {}

  static Answer exchange(int port, byte[] request) {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    String failure = null;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
        socket.shutdownOutput();
      } catch (IOException e) {
        // The server may answer (413, 400) and close before reading all of a large body.
        failure = "while writing: " + e;
      }
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      int n;
      try {
        while ((n = in.read(buffer)) > 0) {
          received.write(buffer, 0, n);
        }
      } catch (IOException e) {
        if (received.size() == 0) {
          failure = (failure == null ? "" : failure + "; ") + "while reading: " + e;
        }
      }
    } catch (IOException e) {
      failure = "while connecting: " + e;
    }
    String response = received.toString(StandardCharsets.ISO_8859_1);
    return new Answer(status(response), response, failure);
  }

  private static int status(String response) {
    if (!response.startsWith("HTTP/1.")) {
      return -1;
    }
    try {
      return Integer.parseInt(response.substring(9, 12));
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** A request with {@code Host}, {@code Connection: close} and {@code Content-Length} added. */
  static byte[] request(String method, String target, String headers, byte[] body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String head =
        method
            + " "
            + target
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            + headers
            + (body == null ? "" : "Content-Length: " + body.length + "\r\n")
            + "\r\n";
    bytes.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      bytes.writeBytes(body);
    }
    return bytes.toByteArray();
  }
}
