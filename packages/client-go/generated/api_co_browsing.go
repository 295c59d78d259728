/*
Co-browsing API

Two operations of a contact-center platform's API gateway (\"API Fabric\"):  1. `tokenByAkSk` trades an app key and app secret for a short-lived bearer token. 2. `getConnectionInfo` returns, for one side of a co-browsing room, the WebSocket    URLs to connect to and a signed `connectParam` to present when connecting.    The customer side is the `recorder` (its page is recorded and shared); the agent    side is the `replayer` (it watches and guides).  ## Typical flow A backend that holds the app key and secret calls `tokenByAkSk`, caches the token until shortly before `CreateTime + Expires`, then calls `getConnectionInfo` once with `role: recorder` and once with `role: replayer`, both with the same `roomId`. Each side opens its WebSocket at `wssUrlOut` (from the public network) or `wssUrl` (inside the platform's network) and presents its `connectParam`. The app secret never reaches a browser.  ## Decisions this spec makes where the vendor is silent The vendor documents the success bodies only. This spec fixes the rest, and the reference mock server and the contract-test suite hold deployments to it:  - **Error bodies.** Every non-2xx response of both operations carries an   `ErrorResponse` JSON body: `success: false`, a numeric `errorCode`, a readable   `errorReason` that names the offending field or header, and optional `details`.   The `errorCode` values used by this spec are the HTTP status times 100   (`40000` bad request, `40100` authentication failed, `40400` not found,   `40500` method not allowed, `41300` body too large, `41500` unsupported media type,   `42900` too many requests, `50000` internal error, `50300` unavailable). Clients   must not depend on any other value. - **Order of checks.** A server checks, in order: the method (405, with `Allow`), the   body size (413, bodies over 1 MiB), the content type (415, only `application/json`),   the content coding (415, no `Content-Encoding` other than `identity`),   authentication (401), the JSON syntax and schema of headers and body (400), and the   tenant space (404). The first failing check answers. `tokenByAkSk` carries its   credentials in the body, so its credential check (401, wrong app key or secret) comes   after the header and body checks (400). - **Authentication failures (401).** Wrong app key or secret; a missing, malformed,   unknown or expired bearer token; an `Authorization` header without the `Bearer `   prefix; a missing `x-app-key`, or one that is not the app the token was issued to. - **Tenant space.** A missing or malformed `X-TenantSpaceID` is a 400; one the   deployment does not know is a 404. - **Machine-readable rules.** The rules above are also stated for tools, and tools read   them from there, not from this prose:   - `x-cobrowse-rules` (at the root) gives `errorCode.statusFactor` (an error body's     `errorCode` is the status times it) and, under `checks`, each check a server makes     with the status its failure answers and its parameters: `bodySize.maxBytes`,     `contentEncoding.accept` (the codings taken; others answer 415 with     `Accept-Encoding` listing them), and the media types of `contentType` are the     operation's request body media types.   - `x-cobrowse-check-order` (on each operation) lists the ids of those checks in the     order a server makes them; the first failing check answers.   - Each security scheme carries `x-cobrowse-value-schema`, the JSON Schema of the     header's value (of the token after `Bearer ` for `bearerAuth`), and     `x-cobrowse-failures`, the status a request gets when the header is `missing`,     `malformed` (breaks that schema) or `unknown` (well formed but not known to the     deployment, or not the token's app). Each failure is checked by the first of the     `authentication`, `validation` and `tenant` checks in the operation's order whose     status it has.   - `bearerAuth` carries `x-cobrowse-token`: the operation that issues the token, the     fields of its answer that hold the token, its creation time and its lifetime, and     the request header that asks for a lifetime (whose schema gives the range and the     default). - **Limits.** Field lengths and characters are bounded as each schema states. Token   lifetimes asked with `X-Token-Expire` run from 1 second to 86400 seconds (one day);   600 seconds when the header is absent. - **Request ids.** Servers may send `X-Request-Id` on any response; clients report it   with errors. - **connectParam.** Opaque to clients. The reference mock server builds it as   `base64url(JSON payload) + \".\" + base64url(HMAC-SHA256(key, payload part))`, the   payload holding the room id (`r`), the role (`o`), the app key (`a`), the tenant   space (`t`) and the expiry in Unix seconds (`e`); its WebSocket endpoint admits a   connection at `wssUrl` (or `wssUrlOut`) with the query parameter   `connectParam=<connectParam>` only when the signature verifies, the room and role   match, and the expiry has not passed. 

API version: 1.0.0
*/

// Code generated by OpenAPI Generator (https://openapi-generator.tech); DO NOT EDIT.

package cobrowse

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
)


// CoBrowsingAPIService CoBrowsingAPI service
type CoBrowsingAPIService service

type ApiGetConnectionInfoRequest struct {
	ctx context.Context
	ApiService *CoBrowsingAPIService
	getConnectionInfoRequest *GetConnectionInfoRequest
}

func (r ApiGetConnectionInfoRequest) GetConnectionInfoRequest(getConnectionInfoRequest GetConnectionInfoRequest) ApiGetConnectionInfoRequest {
	r.getConnectionInfoRequest = &getConnectionInfoRequest
	return r
}

func (r ApiGetConnectionInfoRequest) Execute() (*GetConnectionInfoResponse, *http.Response, error) {
	return r.ApiService.GetConnectionInfoExecute(r)
}

/*
GetConnectionInfo Get co-browsing connection information

Returns, for one side of a co-browsing room, the WebSocket URLs to connect to and
the signed `connectParam` to present. Call it once with `role: recorder` for the
customer and once with `role: replayer` for the agent, with the same `roomId`. When
`roomId` is absent the server creates a room and answers its id, a UUID; pass that
id to the other side's call. A 200 answer with `success: false` is a failure too:
its `errorCode` and `errorReason` say why.


 @param ctx context.Context - for authentication, logging, cancellation, deadlines, tracing, etc. Passed from http.Request or context.Background().
 @return ApiGetConnectionInfoRequest
*/
func (a *CoBrowsingAPIService) GetConnectionInfo(ctx context.Context) ApiGetConnectionInfoRequest {
	return ApiGetConnectionInfoRequest{
		ApiService: a,
		ctx: ctx,
	}
}

// Execute executes the request
//  @return GetConnectionInfoResponse
func (a *CoBrowsingAPIService) GetConnectionInfoExecute(r ApiGetConnectionInfoRequest) (*GetConnectionInfoResponse, *http.Response, error) {
	var (
		localVarHTTPMethod   = http.MethodPost
		localVarPostBody     interface{}
		formFiles            []formFile
		localVarReturnValue  *GetConnectionInfoResponse
	)

	localBasePath, err := a.client.cfg.ServerURLWithContext(r.ctx, "CoBrowsingAPIService.GetConnectionInfo")
	if err != nil {
		return localVarReturnValue, nil, &GenericOpenAPIError{error: err.Error()}
	}

	localVarPath := localBasePath + "/apiaccess/api/cobrowse/getConnectionInfo"

	localVarHeaderParams := make(map[string]string)
	localVarQueryParams := url.Values{}
	localVarFormParams := url.Values{}
	if r.getConnectionInfoRequest == nil {
		return localVarReturnValue, nil, reportError("getConnectionInfoRequest is required and must be specified")
	}

	// to determine the Content-Type header
	localVarHTTPContentTypes := []string{"application/json"}

	// set Content-Type header
	localVarHTTPContentType := selectHeaderContentType(localVarHTTPContentTypes)
	if localVarHTTPContentType != "" {
		localVarHeaderParams["Content-Type"] = localVarHTTPContentType
	}

	// to determine the Accept header
	localVarHTTPHeaderAccepts := []string{"application/json"}

	// set Accept header
	localVarHTTPHeaderAccept := selectHeaderAccept(localVarHTTPHeaderAccepts)
	if localVarHTTPHeaderAccept != "" {
		localVarHeaderParams["Accept"] = localVarHTTPHeaderAccept
	}
	// body params
	localVarPostBody = r.getConnectionInfoRequest
	if r.ctx != nil {
		// API Key Authentication
		if auth, ok := r.ctx.Value(ContextAPIKeys).(map[string]APIKey); ok {
			if apiKey, ok := auth["tenantSpaceId"]; ok {
				var key string
				if apiKey.Prefix != "" {
					key = apiKey.Prefix + " " + apiKey.Key
				} else {
					key = apiKey.Key
				}
				localVarHeaderParams["X-TenantSpaceID"] = key
			}
		}
	}
	if r.ctx != nil {
		// API Key Authentication
		if auth, ok := r.ctx.Value(ContextAPIKeys).(map[string]APIKey); ok {
			if apiKey, ok := auth["appKey"]; ok {
				var key string
				if apiKey.Prefix != "" {
					key = apiKey.Prefix + " " + apiKey.Key
				} else {
					key = apiKey.Key
				}
				localVarHeaderParams["x-app-key"] = key
			}
		}
	}
	req, err := a.client.prepareRequest(r.ctx, localVarPath, localVarHTTPMethod, localVarPostBody, localVarHeaderParams, localVarQueryParams, localVarFormParams, formFiles)
	if err != nil {
		return localVarReturnValue, nil, err
	}

	localVarHTTPResponse, err := a.client.callAPI(req)
	if err != nil || localVarHTTPResponse == nil {
		return localVarReturnValue, localVarHTTPResponse, err
	}

	localVarBody, err := io.ReadAll(localVarHTTPResponse.Body)
	localVarHTTPResponse.Body.Close()
	localVarHTTPResponse.Body = io.NopCloser(bytes.NewBuffer(localVarBody))
	if err != nil {
		return localVarReturnValue, localVarHTTPResponse, err
	}

	if localVarHTTPResponse.StatusCode >= 300 {
		newErr := &GenericOpenAPIError{
			body:  localVarBody,
			error: localVarHTTPResponse.Status,
		}
		if localVarHTTPResponse.StatusCode == 400 {
			var v ErrorResponse
			err = a.client.decode(&v, localVarBody, localVarHTTPResponse.Header.Get("Content-Type"))
			if err != nil {
				newErr.error = err.Error()
				return localVarReturnValue, localVarHTTPResponse, newErr
			}
					newErr.error = formatErrorMessage(localVarHTTPResponse.Status, &v)
					newErr.model = v
			return localVarReturnValue, localVarHTTPResponse, newErr
		}
		if localVarHTTPResponse.StatusCode == 401 {
			var v ErrorResponse
			err = a.client.decode(&v, localVarBody, localVarHTTPResponse.Header.Get("Content-Type"))
			if err != nil {
				newErr.error = err.Error()
				return localVarReturnValue, localVarHTTPResponse, newErr
			}
					newErr.error = formatErrorMessage(localVarHTTPResponse.Status, &v)
					newErr.model = v
			return localVarReturnValue, localVarHTTPResponse, newErr
		}
		if localVarHTTPResponse.StatusCode == 404 {
			var v ErrorResponse
			err = a.client.decode(&v, localVarBody, localVarHTTPResponse.Header.Get("Content-Type"))
			if err != nil {
				newErr.error = err.Error()
				return localVarReturnValue, localVarHTTPResponse, newErr
			}
					newErr.error = formatErrorMessage(localVarHTTPResponse.Status, &v)
					newErr.model = v
			return localVarReturnValue, localVarHTTPResponse, newErr
		}
		if localVarHTTPResponse.StatusCode == 413 {
			var v ErrorResponse
			err = a.client.decode(&v, localVarBody, localVarHTTPResponse.Header.Get("Content-Type"))
			if err != nil {
				newErr.error = err.Error()
				return localVarReturnValue, localVarHTTPResponse, newErr
			}
					newErr.error = formatErrorMessage(localVarHTTPResponse.Status, &v)
					newErr.model = v
			return localVarReturnValue, localVarHTTPResponse, newErr
		}
		if localVarHTTPResponse.StatusCode == 415 {
			var v ErrorResponse
			err = a.client.decode(&v, localVarBody, localVarHTTPResponse.Header.Get("Content-Type"))
			if err != nil {
				newErr.error = err.Error()
				return localVarReturnValue, localVarHTTPResponse, newErr
			}
					newErr.error = formatErrorMessage(localVarHTTPResponse.Status, &v)
					newErr.model = v
			return localVarReturnValue, localVarHTTPResponse, newErr
		}
		if localVarHTTPResponse.StatusCode == 429 {
			var v ErrorResponse
			err = a.client.decode(&v, localVarBody, localVarHTTPResponse.Header.Get("Content-Type"))
			if err != nil {
				newErr.error = err.Error()
				return localVarReturnValue, localVarHTTPResponse, newErr
			}
					newErr.error = formatErrorMessage(localVarHTTPResponse.Status, &v)
					newErr.model = v
			return localVarReturnValue, localVarHTTPResponse, newErr
		}
		if localVarHTTPResponse.StatusCode == 500 {
			var v ErrorResponse
			err = a.client.decode(&v, localVarBody, localVarHTTPResponse.Header.Get("Content-Type"))
			if err != nil {
				newErr.error = err.Error()
				return localVarReturnValue, localVarHTTPResponse, newErr
			}
					newErr.error = formatErrorMessage(localVarHTTPResponse.Status, &v)
					newErr.model = v
			return localVarReturnValue, localVarHTTPResponse, newErr
		}
		if localVarHTTPResponse.StatusCode == 503 {
			var v ErrorResponse
			err = a.client.decode(&v, localVarBody, localVarHTTPResponse.Header.Get("Content-Type"))
			if err != nil {
				newErr.error = err.Error()
				return localVarReturnValue, localVarHTTPResponse, newErr
			}
					newErr.error = formatErrorMessage(localVarHTTPResponse.Status, &v)
					newErr.model = v
		}
		return localVarReturnValue, localVarHTTPResponse, newErr
	}

	err = a.client.decode(&localVarReturnValue, localVarBody, localVarHTTPResponse.Header.Get("Content-Type"))
	if err != nil {
		newErr := &GenericOpenAPIError{
			body:  localVarBody,
			error: err.Error(),
		}
		return localVarReturnValue, localVarHTTPResponse, newErr
	}

	return localVarReturnValue, localVarHTTPResponse, nil
}
