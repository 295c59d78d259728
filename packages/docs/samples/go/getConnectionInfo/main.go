// getConnectionInfo for both sides of one room: the customer's call names the room, the agent joins it.
package main

import (
	"context"
	"fmt"
	"log"

	cobrowse "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated"
	"github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk"
)

func main() {
	ctx := context.Background()
	client, err := sdk.FromEnv(sdk.Options{}) // COBROWSE_BASE_URL, COBROWSE_APP_KEY, COBROWSE_APP_SECRET, COBROWSE_TENANT_SPACE_ID
	if err != nil {
		log.Fatal(err)
	}
	customer, err := client.GetConnectionInfo(ctx, sdk.ConnectionInfoRequest{Role: cobrowse.ROLE_RECORDER, UserID: "customer-42", UserName: "Alex Doe"})
	if err != nil {
		log.Fatal(err)
	}
	agent, err := client.GetConnectionInfo(ctx, sdk.ConnectionInfoRequest{Role: cobrowse.ROLE_REPLAYER, RoomID: customer.Data.GetRoomId(), WorkNo: "667"})
	if err != nil {
		log.Fatal(err)
	}

	fmt.Printf("room: %s\n", agent.Data.GetRoomId())
	fmt.Printf("customer connects to: %s\n", customer.Data.GetWssUrlOut())
	fmt.Printf("agent connects to: %s\n", agent.Data.GetWssUrlOut())
	// Each side opens its WebSocket at GetWssUrlOut() with ?connectParam=<its own GetConnectParam()>.
	fmt.Printf("own connectParams: %t\n", customer.Data.GetConnectParam() != agent.Data.GetConnectParam())
}
