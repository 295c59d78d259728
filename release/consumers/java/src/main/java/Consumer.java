// A consumer of the Maven artifacts, resolved from the release's repository into a temporary
// local repository: both sides of one room against the mock, and a typed exception for a wrong
// secret that does not carry the secret. OpenTelemetry is optional: the SDK brings no part of it
// onto this classpath, and works without it (identified by the version its jar carries, with an
// interceptor). Run by release/bin/consumers.mjs under `cobrowse-mock exec`.
import cec.cobrowse.client.model.GetConnectionInfoRequest;
import cec.cobrowse.client.model.Role;
import cec.cobrowse.sdk.AuthenticationException;
import cec.cobrowse.sdk.CobrowseClient;
import cec.cobrowse.sdk.CobrowseInterceptor;
import cec.cobrowse.sdk.ConnectionInfoResult;
import java.util.concurrent.atomic.AtomicInteger;

public class Consumer {
  public static void main(String[] args) {
    try {
      Class.forName("io.opentelemetry.api.OpenTelemetry");
      check(
          false,
          "the SDK brought the OpenTelemetry API onto the classpath (it is an optional dependency)");
    } catch (ClassNotFoundException expected) {
      // the SDK runs without it
    }
    AtomicInteger answered = new AtomicInteger();
    CobrowseClient client =
        CobrowseClient.fromEnv()
            .addInterceptor(
                new CobrowseInterceptor() {
                  @Override
                  public void afterResponse(CobrowseInterceptor.Response r) {
                    answered.incrementAndGet();
                  }
                })
            .build();
    check(
        client
                .userAgent()
                .matches("cec-cobrowse-java/\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)? Java/\\S+ \\S+")
            && !client.userAgent().contains("unknown"),
        "the User-Agent names the version the jar carries: " + client.userAgent());
    ConnectionInfoResult customer =
        client.getConnectionInfo(
            new GetConnectionInfoRequest().role(Role.RECORDER).userId("customer-42"));
    ConnectionInfoResult agent =
        client.getConnectionInfo(
            new GetConnectionInfoRequest()
                .role(Role.REPLAYER)
                .roomId(customer.data().getRoomId())
                .workNo("667"));
    check(agent.data().getRoomId().equals(customer.data().getRoomId()), "both sides in one room");
    check(
        !agent.data().getConnectParam().equals(customer.data().getConnectParam()),
        "each side its own connectParam");
    check(
        answered.get() == 3,
        "the interceptor saw the token request and both calls, got " + answered.get());

    String secret = "consumer-wrong-secret";
    try {
      CobrowseClient.fromEnv()
          .appSecret(secret)
          .build()
          .getConnectionInfo(new GetConnectionInfoRequest().role(Role.RECORDER));
      check(false, "a wrong secret got a connection");
    } catch (AuthenticationException e) {
      check(e.status() == 401, "status 401, got " + e.status());
      check(!(e.getMessage() + " " + e).contains(secret), "the secret is not in the exception");
    }
    System.out.println(
        "java: artifacts from the release repository, room "
            + agent.data().getRoomId()
            + ", 401 as AuthenticationException, "
            + client.userAgent().split(" ")[0]
            + " without OpenTelemetry on the classpath");
  }

  private static void check(boolean condition, String what) {
    if (!condition) throw new AssertionError(what);
  }
}
