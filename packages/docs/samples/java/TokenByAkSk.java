// tokenByAkSk through the client: it fetches the token on first need, caches it and refreshes it
// ahead of expiry, so you rarely call it yourself (a backend route that hands tokens to browsers
// does).
import cec.cobrowse.sdk.CobrowseClient;

public class TokenByAkSk {
  public static void main(String[] args) {
    // COBROWSE_BASE_URL, COBROWSE_APP_KEY, COBROWSE_APP_SECRET, COBROWSE_TENANT_SPACE_ID
    CobrowseClient client = CobrowseClient.fromEnv().build();
    String token = client.getToken();
    System.out.println("token: " + token.length() + " characters");
  }
}
