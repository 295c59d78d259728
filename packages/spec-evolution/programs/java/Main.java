// After the spec gained GetConnectionInfoRequest.locale, ConnectionInfo.expiresAt and the role
// "observer": the Java layer over the regenerated client, with no other edit.
import cec.cobrowse.client.model.GetConnectionInfoRequest;
import cec.cobrowse.client.model.Role;
import cec.cobrowse.sdk.CobrowseClient;
import cec.cobrowse.sdk.ConnectionInfoResult;

public class Main {
  public static void main(String[] args) {
    CobrowseClient client = CobrowseClient.fromEnv().build();
    ConnectionInfoResult result =
        client.getConnectionInfo(
            new GetConnectionInfoRequest()
                .role(Role.OBSERVER)
                .roomId("room-evolution")
                .userId("evolution-java")
                .locale("en-GB"));
    System.out.println(
        "{\"roomId\":\""
            + result.data().getRoomId()
            + "\",\"expiresAt\":\""
            + result.data().getExpiresAt()
            + "\"}");
  }
}
