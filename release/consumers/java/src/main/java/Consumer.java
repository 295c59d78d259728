// A consumer of the Maven artifacts, resolved from the release's repository into a temporary
// local repository: both sides of one room against the mock, and a typed exception for a wrong
// secret that does not carry the secret. Run by release/bin/consumers.mjs under `cobrowse-mock exec`.
import cec.cobrowse.client.model.GetConnectionInfoRequest;
import cec.cobrowse.client.model.Role;
import cec.cobrowse.sdk.AuthenticationException;
import cec.cobrowse.sdk.CobrowseClient;
import cec.cobrowse.sdk.ConnectionInfoResult;

public class Consumer {
  public static void main(String[] args) {
    CobrowseClient client = CobrowseClient.fromEnv().build();
    ConnectionInfoResult customer = client.getConnectionInfo(new GetConnectionInfoRequest().role(Role.RECORDER).userId("customer-42"));
    ConnectionInfoResult agent = client.getConnectionInfo(
        new GetConnectionInfoRequest().role(Role.REPLAYER).roomId(customer.data().getRoomId()).workNo("667"));
    check(agent.data().getRoomId().equals(customer.data().getRoomId()), "both sides in one room");
    check(!agent.data().getConnectParam().equals(customer.data().getConnectParam()), "each side its own connectParam");

    String secret = "consumer-wrong-secret";
    try {
      CobrowseClient.fromEnv().appSecret(secret).build().getConnectionInfo(new GetConnectionInfoRequest().role(Role.RECORDER));
      check(false, "a wrong secret got a connection");
    } catch (AuthenticationException e) {
      check(e.status() == 401, "status 401, got " + e.status());
      check(!(e.getMessage() + " " + e).contains(secret), "the secret is not in the exception");
    }
    System.out.println("java: artifacts from the release repository, room " + agent.data().getRoomId() + ", 401 as AuthenticationException");
  }

  private static void check(boolean condition, String what) {
    if (!condition) throw new AssertionError(what);
  }
}
