package warren.web;

import static warren.web.AccountsApiIT.assertError;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.testkit.IsolatedVhost;
import warren.testkit.TestDatabase;

/** With the production setting (no private targets), internal addresses are refused with 400. */
class WebhookTargetsIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  private static WebFixture app;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    app = new WebFixture(broker).workers(db).notify(db, false);
    api = new ApiClient(app.web().port());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void a_loopback_private_or_link_local_target_is_400_forbidden_target() {
    String token = api.signUpAndLogIn("target_ada");
    for (String url :
        new String[] {
          "http://127.0.0.1:8080/hook",
          "http://localhost/hook",
          "http://10.1.2.3/hook",
          "http://192.168.0.1/hook",
          "http://169.254.169.254/latest/meta-data",
          "http://[::1]/hook"
        }) {
      assertError(400, "forbidden_target", api.post("/api/v1/webhooks", Map.of("url", url), token));
    }
  }
}
