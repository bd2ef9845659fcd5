package warren.system;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Drill 5: at least 10,000 malformed or hostile requests over raw sockets — bad JSON, huge bodies,
 * wrong types, invalid UTF-8, NUL bytes, path tricks, odd headers, SQL and script injection in
 * every field, garbage tokens. No 5xx, no connection closed without an answer, no stack trace in a
 * body, every process still healthy afterwards.
 */
final class GarbageDrill implements Drill {
  static final int MINIMUM = 10_000;
  static final int THREADS = 6;

  /** What a Java stack trace or exception name looks like in a body. */
  static final Pattern STACK_TRACE =
      Pattern.compile("(\\bat [a-z][\\w$]*\\.[\\w$.]+\\(|Exception\\b|\\.java:\\d+|\\bCaused by:)");

  static final List<String> HOSTILE_STRINGS =
      List.of(
          "' OR '1'='1",
          "'; DROP TABLE store.posts; --",
          "\" OR \"\"=\"",
          "1; SELECT pg_sleep(10)--",
          "admin'--",
          "<script>alert(1)</script>",
          "\"><img src=x onerror=alert(1)>",
          "javascript:alert(1)",
          "{{7*7}}${7*7}",
          "${jndi:ldap://127.0.0.1:1/a}",
          "../../../../etc/passwd",
          "..\\..\\windows\\win.ini",
          "%00%0d%0aSet-Cookie: x=1",
          "\u0000\u0000",
          "\u202e\u0041\u200b",
          "😀".repeat(100),
          "a".repeat(5_000),
          "",
          " ",
          "null");

  @Override
  public String name() {
    return "garbage";
  }

  @Override
  public String description() {
    return "at least 10,000 malformed or hostile requests over raw sockets (bad JSON, huge bodies,"
        + " wrong types, invalid UTF-8, NUL bytes, path tricks, odd headers, SQL and script"
        + " injection in every field, garbage tokens): no 5xx, no dropped connection, no stack"
        + " trace in a body, every process healthy after.";
  }

  @Override
  public void run(DrillContext context, Figures figures, Checks checks) throws Exception {
    String run = DrillContext.runId(name());
    ApiClient.Session user = context.users(run, 1).get(0);
    int restartsBefore = restarts(context);
    long deadLettersBefore = context.messages("store.create-post.dlq");
    List<byte[]> requests = requests(user.token());
    int port = context.system().options().webPort(1);
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger dropped = new AtomicInteger();
    AtomicInteger closedOnBrokenFraming = new AtomicInteger();
    AtomicInteger serverErrors = new AtomicInteger();
    AtomicInteger traces = new AtomicInteger();
    ExecutorService senders = Executors.newFixedThreadPool(THREADS);
    for (byte[] request : requests) {
      senders.submit(
          () -> {
            RawHttp.Answer answer = RawHttp.exchange(port, request);
            statuses.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
            String what = firstLine(request);
            if (answer.dropped() && brokenChunking(request)) {
              // Undertow cannot tell where such a body ends, so it closes the connection
              // (RFC 9112 treats broken framing as unrecoverable); counted, not a failure.
              closedOnBrokenFraming.incrementAndGet();
            } else if (answer.dropped()) {
              dropped.incrementAndGet();
              problems.add("no answer to " + what + ": " + answer.failure());
            } else if (answer.status() >= 500) {
              serverErrors.incrementAndGet();
              problems.add(answer.status() + " for " + what + ": " + clip(answer.body()));
            }
            if (STACK_TRACE.matcher(answer.body()).find()) {
              traces.incrementAndGet();
              problems.add("stack trace for " + what + ": " + clip(answer.body()));
            }
          });
    }
    senders.shutdown();
    if (!senders.awaitTermination(4, TimeUnit.MINUTES)) {
      senders.shutdownNow();
      checks.check(false, "all requests were answered within 4 minutes");
    }
    Map<Integer, Integer> byStatus = new TreeMap<>();
    statuses.forEach((s, n) -> byStatus.put(s, n.get()));
    long answered = byStatus.values().stream().mapToLong(Integer::longValue).sum();
    figures.sent = requests.size();
    figures.acknowledged = answered - dropped.get() - serverErrors.get();
    figures.lost = dropped.get() + serverErrors.get();

    checks.check(requests.size() >= MINIMUM, "at least " + MINIMUM + " requests", requests.size());
    checks.check(serverErrors.get() == 0, "no 5xx answer", byStatus);
    checks.check(dropped.get() == 0, "no connection closed without an answer", dropped.get());
    checks.check(
        true,
        "closed without an answer because the chunked framing was broken (allowed)",
        closedOnBrokenFraming.get());
    checks.check(traces.get() == 0, "no stack trace in any body", traces.get());
    synchronized (problems) {
      problems.stream().limit(8).forEach(p -> checks.check(false, "seen: " + p));
      Files.write(Repo.root().resolve("target/drills/garbage-problems.txt"), problems);
    }
    // A hostile post the API accepted must be storable too, or it is lost after its 202.
    // Its retries take 1 + 5 + 30 s; the management API's figures lag up to 5 s.
    Waiting.pause(Duration.ofSeconds(6));
    Waiting.until(
        Duration.ofSeconds(90),
        () ->
            Stream.of("store.create-post", "warren.retry.1s", "warren.retry.5s", "warren.retry.30s")
                .allMatch(q -> context.messages(q) == 0));
    long deadLettersAfter = context.messages("store.create-post.dlq");
    checks.check(
        deadLettersAfter == deadLettersBefore,
        "no accepted post was dead-lettered",
        deadLettersBefore + " before, " + deadLettersAfter + " after");
    checks.check(
        restarts(context) == restartsBefore,
        "no process died",
        "exits seen: " + restartsBefore + " before, " + restarts(context) + " after");
    checks.check(context.system().allReady(), "every process is ready afterwards");
    checks.check(
        context.api().get("/api/v1/me", user).status() == 200,
        "the API still serves a normal request");
  }

  /** A request whose chunked body cannot be parsed: no server can find where it ends. */
  static boolean brokenChunking(byte[] request) {
    String text = new String(request, StandardCharsets.ISO_8859_1);
    return text.contains("Transfer-Encoding: chunked\r\n")
        && (text.contains("\r\nzz\r\n") || text.contains("FFFFFFFFFFFFFFFF"));
  }

  static int restarts(DrillContext context) {
    return (int)
        context.system().lines().stream().filter(l -> l.contains(" exited with status ")).count();
  }

  /** The start of the request, control and non-ASCII bytes escaped, for the problem list. */
  private static String firstLine(byte[] request) {
    String text =
        new String(request, 0, Math.min(request.length, 300), StandardCharsets.ISO_8859_1);
    StringBuilder shown = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '\r') {
        shown.append("\\r");
      } else if (c == '\n') {
        shown.append("\\n");
      } else if (c < 0x20 || c > 0x7e) {
        shown.append(String.format("\\x%02x", (int) c));
      } else {
        shown.append(c);
      }
    }
    return shown.toString();
  }

  private static String clip(String body) {
    return body.length() > 200 ? body.substring(0, 200) + "..." : body;
  }

  // --- the requests ------------------------------------------------------------------------

  /** Endpoints that take a JSON body, with the fields they expect. */
  static final List<String[]> JSON_ENDPOINTS =
      List.of(
          new String[] {"POST", "/api/v1/users", "username", "password"},
          new String[] {"POST", "/api/v1/sessions", "username", "password"},
          new String[] {"POST", "/api/v1/posts", "text"},
          new String[] {"POST", "/api/v1/webhooks", "url"},
          new String[] {"POST", "/api/v1/ops/dead-letters/store.create-post.dlq/replay", "group"},
          new String[] {"POST", "/api/v1/ops/dead-letters/store.create-post.dlq/discard", "ids"});

  static final List<String> GET_PATHS =
      List.of(
          "/api/v1/me",
          "/api/v1/timeline",
          "/api/v1/posts/%s",
          "/api/v1/users/%s",
          "/api/v1/users/%s/posts",
          "/api/v1/search?q=%s",
          "/api/v1/timeline?limit=%s",
          "/api/v1/timeline?before=%s",
          "/api/v1/webhooks",
          "/api/v1/ops/queues",
          "/api/v1/ops/dead-letters/%s",
          "/u/%s",
          "/search?q=%s",
          "/%s");

  static final List<String> PATH_TRICKS =
      List.of(
          "..%2f..%2fetc%2fpasswd",
          "../../../etc/passwd",
          "%00",
          "%ff%fe%fd",
          "%c0%ae%c0%ae%2f",
          "' OR 1=1 --",
          "%27%20OR%201%3D1--",
          "<script>",
          "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
          "-1",
          "99999999999999999999999999",
          "abc",
          "0",
          "%",
          "%%%",
          "a".repeat(4_000),
          "\u00ff\u00fe",
          "%0d%0aX-Injected:%201",
          "${jndi:ldap://127.0.0.1:1/a}",
          "{{7*7}}");

  static final List<String> AUTH_HEADERS =
      List.of(
          "",
          "Authorization: Bearer \r\n",
          "Authorization: Bearer ' OR '1'='1\r\n",
          "Authorization: Bearer " + "A".repeat(6_000) + "\r\n",
          "Authorization: Basic YWRtaW46YWRtaW4=\r\n",
          "Authorization: Bearer \u00ff\u00fe\u00fd\r\n",
          "Authorization: Bearer null\r\n",
          "Authorization: Bearer a b c\r\n",
          "Cookie: warren_session=garbage; warren_session=more\r\n",
          "Cookie: warren_session=' OR 1=1 --\r\n");

  static final List<String> ODD_HEADERS =
      List.of(
          "Content-Type: text/plain\r\n",
          "Content-Type: application/json; charset=ebcdic\r\n",
          "Content-Type: multipart/form-data; boundary=x\r\n",
          "Content-Type: application/json\r\nContent-Type: text/xml\r\n",
          "X-Forwarded-For: ' OR 1=1 --\r\n",
          "Idempotency-Key: " + "k".repeat(3_000) + "\r\n",
          "Idempotency-Key: ' OR 1=1 --\r\n",
          "Accept: */*;q=abc\r\n",
          "Origin: http://evil.example\r\nReferer: http://evil.example/\r\n",
          "X-Long: " + "x".repeat(7_000) + "\r\n",
          "Expect: 100-continue\r\n",
          "Transfer-Encoding: gzip\r\n");

  /** Bodies that are not JSON, or not the right JSON, or too big. */
  static List<byte[]> badBodies(String[] endpoint) {
    List<byte[]> bodies = new ArrayList<>();
    for (String s :
        List.of(
            "",
            "{",
            "}",
            "[]",
            "null",
            "true",
            "42",
            "\"text\"",
            "{\"a\":}",
            "{'text': 'single quotes'}",
            "{\"text\": \"unterminated}",
            "[".repeat(5_000),
            "{\"a\":".repeat(2_000),
            "{\"text\": 1e999999}",
            "{\"text\": -0.0e-999}")) {
      bodies.add(s.getBytes(StandardCharsets.UTF_8));
    }
    bodies.add(new byte[] {'{', '"', 't', 0, '"', ':', 0, '}'});
    bodies.add(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xfd});
    bodies.add(
        ("{\"" + endpoint[2] + "\": \"\u00c3\u0028 bad utf8\"}")
            .getBytes(StandardCharsets.ISO_8859_1));
    bodies.add(("{\"" + endpoint[2] + "\": \"" + "x".repeat(70_000) + "\"}").getBytes());
    bodies.add(("{\"" + endpoint[2] + "\": \"" + "y".repeat(300_000) + "\"}").getBytes());
    // Wrong types in every field.
    for (String value : List.of("5", "true", "[\"a\"]", "{\"a\":1}", "null", "-1", "1.5e308")) {
      StringBuilder json = new StringBuilder("{");
      for (int f = 2; f < endpoint.length; f++) {
        json.append(f > 2 ? "," : "").append('"').append(endpoint[f]).append("\":").append(value);
      }
      bodies.add(json.append('}').toString().getBytes(StandardCharsets.UTF_8));
    }
    // Injection in every field, one field at a time and all at once.
    for (String hostile : HOSTILE_STRINGS) {
      String quoted = ApiClientJson.quote(hostile);
      StringBuilder all = new StringBuilder("{");
      for (int f = 2; f < endpoint.length; f++) {
        all.append(f > 2 ? "," : "").append('"').append(endpoint[f]).append("\":").append(quoted);
        bodies.add(("{\"" + endpoint[f] + "\":" + quoted + "}").getBytes(StandardCharsets.UTF_8));
      }
      bodies.add(all.append('}').toString().getBytes(StandardCharsets.UTF_8));
    }
    // Duplicate and unknown keys.
    bodies.add(
        ("{\"" + endpoint[2] + "\":\"a\",\"" + endpoint[2] + "\":5,\"__proto__\":{}}")
            .getBytes(StandardCharsets.UTF_8));
    return bodies;
  }

  /** The whole list: every family crossed with auth variants until there are enough. */
  static List<byte[]> requests(String validToken) {
    List<String> auths = new ArrayList<>(AUTH_HEADERS);
    auths.add("Authorization: Bearer " + validToken + "\r\n");
    List<byte[]> requests = new ArrayList<>();
    int round = 0;
    while (requests.size() < MINIMUM) {
      String tag = "X-Drill-Round: " + round + "\r\n";
      for (String[] endpoint : JSON_ENDPOINTS) {
        List<byte[]> bodies = badBodies(endpoint);
        for (int b = 0; b < bodies.size(); b++) {
          String auth = auths.get((b + round) % auths.size());
          String odd = round % 2 == 0 ? "" : ODD_HEADERS.get((b + round) % ODD_HEADERS.size());
          String type = odd.startsWith("Content-Type") ? "" : "Content-Type: application/json\r\n";
          requests.add(
              RawHttp.request(endpoint[0], endpoint[1], tag + type + auth + odd, bodies.get(b)));
        }
      }
      for (String path : GET_PATHS) {
        for (int t = 0; t < PATH_TRICKS.size(); t++) {
          String target = path.contains("%s") ? path.replace("%s", PATH_TRICKS.get(t)) : path;
          String auth = auths.get((t + round) % auths.size());
          requests.add(RawHttp.request("GET", target.replace(" ", "%20"), tag + auth, null));
        }
      }
      for (String method : List.of("FOO", "TRACE", "OPTIONS", "PATCH", "CONNECT", "DELETE")) {
        for (String path : List.of("/api/v1/posts", "/api/v1/users", "/api/v1/me", "*", "/")) {
          requests.add(RawHttp.request(method, path, tag, null));
        }
      }
      requests.addAll(brokenFraming(tag));
      round++;
    }
    return requests;
  }

  /** Requests whose HTTP itself is wrong. */
  static List<byte[]> brokenFraming(String tag) {
    List<String> raw =
        List.of(
            "GET /api/v1/me HTTP/9.9\r\nHost: x\r\n\r\n",
            "GET /api/v1/me\r\n\r\n",
            "GET\r\n\r\n",
            "\r\n\r\n",
            "GET /api/v1/me HTTP/1.1\r\n\r\n",
            "GET /api/v1/me HTTP/1.0\r\n\r\n",
            "GET /api/v1/me HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n",
            "GET /api/v1/me HTTP/1.1\r\nHost: x\r\n: no name\r\n\r\n",
            "GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX: a\u0000b\r\n\r\n",
            "GET /api/v1/\u0000me HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /api/v1/m\u00ffe HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /api/v1/posts HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nContent-Length: 20\r\n\r\n"
                + "0123456789",
            "POST /api/v1/posts HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
            "POST /api/v1/posts HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
            "POST /api/v1/users HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"username\"",
            "POST /api/v1/users HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"
                + "garbage\r\n0\r\n\r\n",
            "POST /api/v1/users HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Length: 4\r\n\r\n5\r\n{\"a\":\r\n0\r\n\r\n",
            "POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "FFFFFFFFFFFFFFFF\r\nx\r\n\r\n",
            "GET /api/v1/me?" + "q=1&".repeat(3_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET " + "/a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /api/v1/me HTTP/1.1\r\nHost: x\r\n" + "X-A: b\r\n".repeat(500) + "\r\n",
            "GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Huge: " + "h".repeat(40_000) + "\r\n\r\n");
    List<byte[]> requests = new ArrayList<>();
    for (String r : raw) {
      requests.add(r.getBytes(StandardCharsets.ISO_8859_1));
    }
    return requests;
  }
}
