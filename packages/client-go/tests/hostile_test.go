// Each attempt bounded, credentials kept at the origin (packages/scenarios/README.md), against
// a hostile gateway on loopback: redirects, a 1 GiB answer, gzip bombs, a trickle, invalid JSON
// and an unusable success.
package tests

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	cobrowse "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated"
	"github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk"
)

var recorder = sdk.ConnectionInfoRequest{Role: cobrowse.ROLE_RECORDER, RoomID: "room-hostile"}

// elsewhere is another origin that counts what reaches it (and what it carried).
func elsewhere(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var hits atomic.Int32
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		answerInfo(w, "stolen")
	}))
	t.Cleanup(s.Close)
	return s, &hits
}

func TestARedirectIsAnErrorNamingItsLocationAndIsNeverFollowed(t *testing.T) {
	for _, op := range []string{"tokenByAkSk", "getConnectionInfo"} {
		for _, own := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, own HTTP client %v", op, own), func(t *testing.T) {
				other, hits := elsewhere(t)
				redirect := func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Location", other.URL+r.URL.Path)
					w.WriteHeader(http.StatusTemporaryRedirect)
				}
				g := newGateway(t, func(w http.ResponseWriter, r *http.Request, _ string) { redirect(w, r) })
				if op == "tokenByAkSk" {
					g.tokenFn = func(w http.ResponseWriter, r *http.Request) bool { redirect(w, r); return true }
					g.info = func(w http.ResponseWriter, r *http.Request, _ string) { answerInfo(w, "room-hostile") }
				}
				o := sdk.Options{}
				if own {
					// A caller's client that would follow anything: the layer still does not.
					o.HTTPClient = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}
				}
				_, err := g.client(t, o).GetConnectionInfo(context.Background(), recorder)
				var api *sdk.APIError
				if !errors.As(err, &api) || api.StatusCode != 307 || api.Operation != op {
					t.Fatalf("want an *sdk.APIError 307 from %s, got %#v", op, err)
				}
				if fmt.Sprintf("%T", err) != "*sdk.APIError" {
					t.Fatalf("a redirect is a plain *sdk.APIError, got %T", err)
				}
				if !strings.Contains(api.ErrorReason, other.URL) || !strings.Contains(err.Error(), other.URL) {
					t.Fatalf("the error does not name the Location: %v", err)
				}
				if hits.Load() != 0 {
					t.Fatalf("the redirect was followed: %d requests reached the other origin", hits.Load())
				}
				if op == "getConnectionInfo" && len(g.seen()) != 1 {
					t.Fatalf("a redirect was retried: %d attempts", len(g.seen()))
				}
			})
		}
	}
}

// flood writes n bytes of filler (optionally gzip-compressed) as a 200 JSON answer, counting
// what it managed to write before the client stopped reading.
func flood(n int64, compressed []byte, written *atomic.Int64) func(w http.ResponseWriter, r *http.Request, _ string) {
	return func(w http.ResponseWriter, r *http.Request, _ string) {
		w.Header().Set("Content-Type", "application/json")
		if compressed != nil {
			w.Header().Set("Content-Encoding", "gzip")
			w.WriteHeader(200)
			k, _ := w.Write(compressed)
			written.Add(int64(k))
			return
		}
		w.WriteHeader(200)
		chunk := bytes.Repeat([]byte("a"), 64<<10)
		for sent := int64(0); sent < n; sent += int64(len(chunk)) {
			k, err := w.Write(chunk)
			written.Add(int64(k))
			if err != nil {
				return
			}
		}
	}
}

// gzipOf is n zero bytes, gzip-compressed: a bomb (256 MiB become about 256 KiB).
func gzipOf(t *testing.T, n int64) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zero := make([]byte, 1<<20)
	for left := n; left > 0; left -= int64(len(zero)) {
		if _, err := zw.Write(zero[:min(left, int64(len(zero)))]); err != nil {
			t.Fatal(err)
		}
	}
	_ = zw.Close()
	return buf.Bytes()
}

// heapGrowth runs f and answers by how much the live heap grew at its peak (sampled).
func heapGrowth(f func()) uint64 {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
				runtime.ReadMemStats(&m)
				if m.HeapAlloc > peak.Load() {
					peak.Store(m.HeapAlloc)
				}
			}
		}
	}()
	f()
	close(done)
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	top := max(peak.Load(), after.HeapAlloc)
	if top < before.HeapAlloc {
		return 0
	}
	return top - before.HeapAlloc
}

func TestAHugeAnswerIsCutAtTheCap(t *testing.T) {
	var written atomic.Int64
	g := newGateway(t, flood(1<<30, nil, &written))
	client := g.client(t, sdk.Options{})
	var err error
	start := time.Now()
	grew := heapGrowth(func() { _, err = client.GetConnectionInfo(context.Background(), recorder) })
	var big *sdk.ResponseTooLargeError
	if !errors.As(err, &big) || big.Limit != sdk.DefaultMaxResponseBytes || big.Status != 200 || big.Operation != "getConnectionInfo" || big.RequestID == "" || big.Decoded {
		t.Fatalf("want a *sdk.ResponseTooLargeError at 16 MiB, got %#v", err)
	}
	if len(g.seen()) != 1 {
		t.Fatalf("a too-large answer was retried: %d attempts", len(g.seen()))
	}
	time.Sleep(50 * time.Millisecond) // the gateway notices the closed connection
	t.Logf("1 GiB answer: cut after %s; the gateway wrote %d MiB; the heap grew %d MiB at most", time.Since(start).Round(time.Millisecond), written.Load()>>20, grew>>20)
	if written.Load() > 256<<20 {
		t.Fatalf("the client read on: the gateway wrote %d MiB", written.Load()>>20)
	}
	if grew > 128<<20 {
		t.Fatalf("the heap grew by %d MiB", grew>>20)
	}
}

func TestAGzipBombIsCutOnceDecodedPastTheCap(t *testing.T) {
	bomb := gzipOf(t, 64<<20) // four times the cap (the shared gzip-bomb scenario sends 256 MiB)
	var written atomic.Int64
	g := newGateway(t, flood(0, bomb, &written))
	var err error
	grew := heapGrowth(func() { _, err = g.client(t, sdk.Options{}).GetConnectionInfo(context.Background(), recorder) })
	var big *sdk.ResponseTooLargeError
	if !errors.As(err, &big) || !big.Decoded || big.Limit != sdk.DefaultMaxResponseBytes {
		t.Fatalf("want a *sdk.ResponseTooLargeError once decoded, got %#v", err)
	}
	t.Logf("gzip bomb (%d KiB expanding to 64 MiB): the heap grew %d MiB at most", len(bomb)>>10, grew>>20)
	if grew > 128<<20 {
		t.Fatalf("the heap grew by %d MiB", grew>>20)
	}
}

func TestTheCapIsAnOptionAndHoldsForTheTokenRequest(t *testing.T) {
	var written atomic.Int64
	g := newGateway(t, nil)
	g.tokenFn = func(w http.ResponseWriter, r *http.Request) bool {
		flood(0, gzipOf(t, 64<<10), &written)(w, r, "")
		return true
	}
	_, err := g.client(t, sdk.Options{MaxResponseBytes: 32 << 10}).GetConnectionInfo(context.Background(), recorder)
	var big *sdk.ResponseTooLargeError
	if !errors.As(err, &big) || big.Limit != 32<<10 || big.Operation != "tokenByAkSk" {
		t.Fatalf("want a *sdk.ResponseTooLargeError of 32 KiB from tokenByAkSk, got %#v", err)
	}
	if _, err := sdk.New(sdk.Options{BaseURL: g.URL, AppKey: "k", AppSecret: "s", TenantSpaceID: "t", MaxResponseBytes: -1}); err == nil {
		t.Fatal("a negative MaxResponseBytes was taken")
	}
}

// A compressed answer is counted as received too: a deflate stream of empty stored blocks
// decodes to nothing however long it runs.
func TestACompressedAnswerIsCountedAsReceived(t *testing.T) {
	var stream bytes.Buffer
	stream.Write([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}) // a gzip header
	for i := 0; i < 200_000; i++ {
		stream.Write([]byte{0x00, 0x00, 0x00, 0xff, 0xff}) // an empty stored block, not the last
	}
	var written atomic.Int64
	g := newGateway(t, flood(0, stream.Bytes(), &written))
	_, err := g.client(t, sdk.Options{MaxResponseBytes: 64 << 10}).GetConnectionInfo(context.Background(), recorder)
	var big *sdk.ResponseTooLargeError
	if !errors.As(err, &big) || big.Decoded {
		t.Fatalf("want a *sdk.ResponseTooLargeError as received, got %#v", err)
	}
}

func TestATrickledAnswerTimesOutWithTheAttempt(t *testing.T) {
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, _ string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		for i := 0; i < 200; i++ {
			if _, err := w.Write([]byte("{    ")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-time.After(time.Second):
			case <-r.Context().Done():
				return
			}
		}
	})
	start := time.Now()
	_, err := g.client(t, sdk.Options{Timeout: time.Second, MaxRetries: sdk.Retries(0)}).GetConnectionInfo(context.Background(), recorder)
	var timeout *sdk.TimeoutError
	if !errors.As(err, &timeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want a *sdk.TimeoutError, got %#v", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("the attempt outlived its 1 s timeout: %s", took)
	}
}

func TestInvalidJSONOnASuccessIsAnAPIError(t *testing.T) {
	for name, answer := range map[string]func(http.ResponseWriter){
		"cut JSON": func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"success": tru`))
		},
		"HTML": func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte(`<html>maintenance</html>`))
		},
		"empty": func(w http.ResponseWriter) { w.Header().Set("Content-Type", "application/json") },
	} {
		t.Run(name, func(t *testing.T) {
			g := newGateway(t, func(w http.ResponseWriter, r *http.Request, _ string) { answer(w) })
			_, err := g.client(t, sdk.Options{}).GetConnectionInfo(context.Background(), recorder)
			var api *sdk.APIError
			if !errors.As(err, &api) || api.StatusCode != 200 || api.RequestID == "" || api.ErrorReason == "" {
				t.Fatalf("want an *sdk.APIError 200 with a request id, got %#v", err)
			}
			if len(g.seen()) != 1 {
				t.Fatalf("retried: %d attempts", len(g.seen()))
			}
		})
	}
}

func TestASuccessWithNothingToConnectWithIsAnAPIError(t *testing.T) {
	for data, missing := range map[string]string{
		`{}`:                                     "connectParam",
		`{"connectParam":"sig"}`:                 "wssUrl or wssUrlOut",
		`{"connectParam":"","wssUrl":"wss://x"}`: "connectParam",
	} {
		g := newGateway(t, func(w http.ResponseWriter, r *http.Request, _ string) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"success":true,"errorCode":null,"errorReason":null,"data":` + data + `}`))
		})
		_, err := g.client(t, sdk.Options{}).GetConnectionInfo(context.Background(), recorder)
		var api *sdk.APIError
		if !errors.As(err, &api) || api.StatusCode != 200 || !strings.Contains(api.ErrorReason, missing) || api.RequestID == "" {
			t.Fatalf("data %s: want an *sdk.APIError naming %s, got %#v", data, missing, err)
		}
	}
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, _ string) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"success":true,"errorCode":null,"errorReason":null,"data":{"roomId":"r","wssUrlOut":"wss://x","connectParam":"sig"}}`))
	})
	if _, err := g.client(t, sdk.Options{}).GetConnectionInfo(context.Background(), recorder); err != nil {
		t.Fatalf("one WebSocket URL and connectParam make a usable success: %v", err)
	}
}
