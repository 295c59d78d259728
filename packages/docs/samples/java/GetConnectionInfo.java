// getConnectionInfo for both sides of one room: the customer's call names the room, the agent joins
// it.
import cec.cobrowse.client.model.GetConnectionInfoRequest;
import cec.cobrowse.client.model.Role;
import cec.cobrowse.sdk.CobrowseClient;
import cec.cobrowse.sdk.ConnectionInfoResult;

public class GetConnectionInfo {
  public static void main(String[] args) {
    // COBROWSE_BASE_URL, COBROWSE_APP_KEY, COBROWSE_APP_SECRET, COBROWSE_TENANT_SPACE_ID
    CobrowseClient client = CobrowseClient.fromEnv().build();
    ConnectionInfoResult customer =
        client.getConnectionInfo(
            new GetConnectionInfoRequest()
                .role(Role.RECORDER)
                .userId("customer-42")
                .userName("Alex Doe"));
    ConnectionInfoResult agent =
        client.getConnectionInfo(
            new GetConnectionInfoRequest()
                .role(Role.REPLAYER)
                .roomId(customer.data().getRoomId())
                .workNo("667"));

    System.out.println("room: " + agent.data().getRoomId());
    System.out.println("customer connects to: " + customer.data().getWssUrlOut());
    System.out.println("agent connects to: " + agent.data().getWssUrlOut());
    // Each side opens its WebSocket at getWssUrlOut() with ?connectParam=<its own
    // getConnectParam()>.
    System.out.println(
        "own connectParams: "
            + !customer.data().getConnectParam().equals(agent.data().getConnectParam()));
  }
}
