// tokenByAkSk through the client: it fetches the token on first need, caches it and refreshes it
// ahead of expiry, so you rarely call it yourself (a backend route that hands tokens to browsers does).
package main

import (
	"context"
	"fmt"
	"log"

	"github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk"
)

func main() {
	client, err := sdk.FromEnv(sdk.Options{}) // COBROWSE_BASE_URL, COBROWSE_APP_KEY, COBROWSE_APP_SECRET, COBROWSE_TENANT_SPACE_ID
	if err != nil {
		log.Fatal(err)
	}
	token, usedFor, err := client.Token(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("token: %d characters, used for %d s\n", len(token), int(usedFor.Seconds()))
}
