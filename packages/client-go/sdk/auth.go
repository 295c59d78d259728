package sdk

import (
	"context"
	"net/http"
	"strconv"
	"time"

	cobrowse "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated"
	spec "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk/internal/generated"
)

// loadToken is the token request (tokenByAkSk), a call of its own through the send loop: the
// same budget, no token and so no replay (a 401 there is wrong credentials, not retried).
func (c *Client) loadToken(ctx context.Context) (*cachedToken, error) {
	op := spec.TokenOperation
	var sentAt time.Time // the successful attempt's: the lifetime counts from then at the latest
	var answer *cobrowse.TokenResponse
	_, err := c.send(ctx, op, false, func(attempt context.Context, _ string) (*http.Response, error) {
		sentAt = time.Now()
		req := c.api.AuthenticationAPI.TokenByAkSk(attempt).TokenRequest(*cobrowse.NewTokenRequest(c.s.AppKey, c.secret))
		if c.s.TokenExpire != 0 {
			req = req.XTokenExpire(int32(c.s.TokenExpire))
		}
		a, resp, err := req.Execute()
		if a != nil && a.GetAccessToken() != "" {
			c.tokens.Remember(a.GetAccessToken()) // before anything can show it
		}
		if err != nil {
			return resp, err
		}
		if a == nil || a.GetAccessToken() == "" || !c.lifetime.MatchString(a.GetExpires()) {
			return resp, &refusedAnswer{reason: "the answer lacks a token or a usable lifetime"}
		}
		answer = a
		return resp, nil
	})
	if err != nil {
		c.log.Debug("token request failed", "operation", op, "error", err)
		return nil, err
	}
	receivedAt := time.Now()
	expires, _ := strconv.Atoi(answer.GetExpires())
	created := int64(-1)
	if c.created.MatchString(answer.GetCreateTime()) {
		created, _ = strconv.ParseInt(answer.GetCreateTime(), 10, 64)
	}
	t := schedule(answer.GetAccessToken(), receivedAt, tokenDeadline(created, expires, sentAt, receivedAt), c.s.TokenSafetyMargin, c.s.TokenRefreshAhead)
	c.log.Info("token issued", "operation", op, "usedFor", t.expiresAt.Sub(receivedAt).Round(time.Millisecond))
	return t, nil
}
