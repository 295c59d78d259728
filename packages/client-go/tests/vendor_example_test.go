// The vendor's own example, as its reference page shows it, through the generated Go client: the
// request {"roomId":"10***04","workNo":"667","role":"replayer"} is built and sent to the mock
// server (its answer echoes the room id), and the vendor's example answer parses.
package tests

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	cobrowse "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated"
)

const vendorAnswer = `{"success":true,"data":{"roomId":"10***04","wssUrl":"wss://IP:PORT/ws/cobrowse/1",` +
	`"wssUrlOut":"wss://IP:PORT/ws/cobrowse/1","connectParam":"****"},"errorCode":null,"errorReason":null}`

func TestTheVendorsExampleRequestIsBuiltSentAndAnswered(t *testing.T) {
	s := load(t)
	client := newClient(s)
	ctx := authContext(s, getToken(t, s, client))

	example := cobrowse.NewGetConnectionInfoRequest(cobrowse.ROLE_REPLAYER)
	example.SetRoomId("10***04")
	example.SetWorkNo("667")
	body, err := json.Marshal(example)
	if err != nil {
		t.Fatal(err)
	}
	var sent, vendor map[string]any
	if json.Unmarshal(body, &sent) != nil || json.Unmarshal([]byte(`{"roomId":"10***04","workNo":"667","role":"replayer"}`), &vendor) != nil || !reflect.DeepEqual(sent, vendor) {
		t.Fatalf("the example request serialises as %s", body)
	}
	answer, _, err := client.CoBrowsingAPI.GetConnectionInfo(ctx).GetConnectionInfoRequest(*example).Execute()
	if err != nil {
		t.Fatalf("getConnectionInfo with the vendor's example: %v", err)
	}
	data := answer.GetData()
	if !answer.GetSuccess() || data.GetRoomId() != "10***04" || !strings.HasSuffix(data.GetWssUrl(), "/ws/cobrowse/10***04") {
		t.Fatalf("unexpected answer: success=%v roomId=%q wssUrl=%q", answer.GetSuccess(), data.GetRoomId(), data.GetWssUrl())
	}
}

func TestTheVendorsExampleAnswerParses(t *testing.T) {
	var answer cobrowse.GetConnectionInfoResponse
	if err := json.Unmarshal([]byte(vendorAnswer), &answer); err != nil {
		t.Fatalf("the vendor's example answer does not parse: %v", err)
	}
	data := answer.GetData()
	if !answer.GetSuccess() || data.GetRoomId() != "10***04" || data.GetConnectParam() != "****" || answer.ErrorCode.Get() != nil {
		t.Fatalf("unexpected parse: success=%v roomId=%q connectParam=%q", answer.GetSuccess(), data.GetRoomId(), data.GetConnectParam())
	}
}
