// The request side from the spec (issue 18): sdk.ConnectionInfoRequest is generated from the
// spec's request body, one field per property; every field set is sent under its property's
// name, so a property added to the spec reaches the wire after `pnpm generate` with no edit.
package tests

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	cobrowse "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated"
	"github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk"
)

func TestEveryFieldOfTheRequestIsSent(t *testing.T) {
	var sent map[string]any
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, token string) {
		_ = json.NewDecoder(r.Body).Decode(&sent)
		answerInfo(w, "room-fields")
	})
	var req sdk.ConnectionInfoRequest
	v := reflect.ValueOf(&req).Elem()
	want := map[string]string{}
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		value := "value-of-" + f.Name
		if f.Type == reflect.TypeOf(cobrowse.Role("")) {
			value = string(cobrowse.AllowedRoleEnumValues[len(cobrowse.AllowedRoleEnumValues)-1])
		}
		v.Field(i).SetString(value)
		want[f.Name] = value
	}
	if _, err := g.client(t, sdk.Options{}).GetConnectionInfo(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if len(sent) != len(want) {
		t.Fatalf("sent %d properties %v, the request type has %d fields", len(sent), sent, len(want))
	}
	for field, value := range want {
		found := false
		for name, got := range sent {
			if strings.EqualFold(name, field) { // roomId ↔ RoomID
				found = got == value
			}
		}
		if !found {
			t.Errorf("%s (%q) was not sent as its property: %v", field, value, sent)
		}
	}
}

func TestTheFieldTableChecksEveryField(t *testing.T) {
	client, err := sdk.New(sdk.Options{BaseURL: "https://gw.example.invalid", AppKey: "k", AppSecret: "s", TenantSpaceID: "t"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		req          sdk.ConnectionInfoRequest
		field, words string
	}{
		{sdk.ConnectionInfoRequest{}, "role", `is required: one of "recorder", "replayer"`},
		{sdk.ConnectionInfoRequest{Role: "agent"}, "role", `must be one of "recorder", "replayer", got "agent"`},
		{sdk.ConnectionInfoRequest{Role: cobrowse.ROLE_RECORDER, RoomID: strings.Repeat("r", 129)}, "roomId", "must be 1 to 128 characters, got 129"},
		{sdk.ConnectionInfoRequest{Role: cobrowse.ROLE_RECORDER, RoomID: "room\x7f"}, "roomId", "must match"},
		{sdk.ConnectionInfoRequest{Role: cobrowse.ROLE_RECORDER, UserName: strings.Repeat("é", 257)}, "userName", "must be 1 to 256 characters, got 257"},
		{sdk.ConnectionInfoRequest{Role: cobrowse.ROLE_REPLAYER, WorkNo: strings.Repeat("7", 65)}, "workNo", "must be 1 to 64 characters, got 65"},
	} {
		_, err := client.GetConnectionInfo(context.Background(), c.req)
		var invalid *sdk.ValidationError
		if !errors.As(err, &invalid) || invalid.Field != c.field || !strings.Contains(invalid.Message, c.words) {
			t.Errorf("%+v: want a *ValidationError on %s (%s), got %v", c.req, c.field, c.words, err)
		}
	}
	// A 256-character name of multi-byte characters is within the spec's length (characters, not bytes).
	g := newGateway(t, newRevoking().serve)
	if _, err := g.client(t, sdk.Options{}).GetConnectionInfo(context.Background(), sdk.ConnectionInfoRequest{Role: cobrowse.ROLE_RECORDER, UserName: strings.Repeat("é", 256)}); err != nil {
		t.Fatal(err)
	}
}
