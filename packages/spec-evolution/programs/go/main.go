// After the spec gained GetConnectionInfoRequest.locale, ConnectionInfo.expiresAt and the role
// "observer": the Go layer over the regenerated client, with no other edit.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"time"

	cobrowse "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated"
	"github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk"
)

func main() {
	client, err := sdk.FromEnv(sdk.Options{})
	if err != nil {
		log.Fatal(err)
	}
	result, err := client.GetConnectionInfo(context.Background(), sdk.ConnectionInfoRequest{Role: cobrowse.ROLE_OBSERVER, RoomID: "room-evolution", UserID: "evolution-go", Locale: "en-GB"})
	if err != nil {
		log.Fatal(err)
	}
	out, err := json.Marshal(map[string]string{"roomId": result.Data.GetRoomId(), "expiresAt": result.Data.GetExpiresAt().Format(time.RFC3339Nano)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(out))
}
