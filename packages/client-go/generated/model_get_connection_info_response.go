/*
Co-browsing API

Two operations of a contact-center platform's API gateway (\"API Fabric\"):  1. `tokenByAkSk` trades an app key and app secret for a short-lived bearer token. 2. `getConnectionInfo` returns, for one side of a co-browsing room, the WebSocket    URLs to connect to and a signed `connectParam` to present when connecting.    The customer side is the `recorder` (its page is recorded and shared); the agent    side is the `replayer` (it watches and guides).  ## Typical flow A backend that holds the app key and secret calls `tokenByAkSk`, caches the token until shortly before `CreateTime + Expires`, then calls `getConnectionInfo` once with `role: recorder` and once with `role: replayer`, both with the same `roomId`. Each side opens its WebSocket at `wssUrlOut` (from the public network) or `wssUrl` (inside the platform's network) and presents its `connectParam`. The app secret never reaches a browser.  ## Decisions this spec makes where the vendor is silent The vendor documents the success bodies only. This spec fixes the rest, and the reference mock server and the contract-test suite hold deployments to it:  - **Error bodies.** Every non-2xx response of both operations carries an   `ErrorResponse` JSON body: `success: false`, a numeric `errorCode`, a readable   `errorReason` that names the offending field or header, and optional `details`.   The `errorCode` values used by this spec are the HTTP status times 100   (`40000` bad request, `40100` authentication failed, `40400` not found,   `40500` method not allowed, `41300` body too large, `41500` unsupported media type,   `42900` too many requests, `50000` internal error, `50300` unavailable). Clients   must not depend on any other value. - **Order of checks.** A server checks, in order: the method (405, with `Allow`), the   body size (413, bodies over 1 MiB), the content type (415, only `application/json`),   the content coding (415, no `Content-Encoding` other than `identity`),   authentication (401), the JSON syntax and schema of headers and body (400), and the   tenant space (404). The first failing check answers. `tokenByAkSk` carries its   credentials in the body, so its credential check (401, wrong app key or secret) comes   after the header and body checks (400). - **Authentication failures (401).** Wrong app key or secret; a missing, malformed,   unknown or expired bearer token; an `Authorization` header without the `Bearer `   prefix; a missing `x-app-key`, or one that is not the app the token was issued to. - **Tenant space.** A missing or malformed `X-TenantSpaceID` is a 400; one the   deployment does not know is a 404. - **Machine-readable rules.** The rules above are also stated for tools, and tools read   them from there, not from this prose:   - `x-cobrowse-rules` (at the root) gives `errorCode.statusFactor` (an error body's     `errorCode` is the status times it) and, under `checks`, each check a server makes     with the status its failure answers and its parameters: `bodySize.maxBytes`,     `contentEncoding.accept` (the codings taken; others answer 415 with     `Accept-Encoding` listing them), and the media types of `contentType` are the     operation's request body media types.   - `x-cobrowse-check-order` (on each operation) lists the ids of those checks in the     order a server makes them; the first failing check answers.   - Each security scheme carries `x-cobrowse-value-schema`, the JSON Schema of the     header's value (of the token after `Bearer ` for `bearerAuth`), and     `x-cobrowse-failures`, the status a request gets when the header is `missing`,     `malformed` (breaks that schema) or `unknown` (well formed but not known to the     deployment, or not the token's app). Each failure is checked by the first of the     `authentication`, `validation` and `tenant` checks in the operation's order whose     status it has.   - `bearerAuth` carries `x-cobrowse-token`: the operation that issues the token, the     fields of its answer that hold the token, its creation time and its lifetime, and     the request header that asks for a lifetime (whose schema gives the range and the     default). - **Limits.** Field lengths and characters are bounded as each schema states. Token   lifetimes asked with `X-Token-Expire` run from 1 second to 86400 seconds (one day);   600 seconds when the header is absent. - **Request ids.** Servers may send `X-Request-Id` on any response; clients report it   with errors. - **connectParam.** Opaque to clients. The reference mock server builds it as   `base64url(JSON payload) + \".\" + base64url(HMAC-SHA256(key, payload part))`, the   payload holding the room id (`r`), the role (`o`), the app key (`a`), the tenant   space (`t`) and the expiry in Unix seconds (`e`); its WebSocket endpoint admits a   connection at `wssUrl` (or `wssUrlOut`) with the query parameter   `connectParam=<connectParam>` only when the signature verifies, the room and role   match, and the expiry has not passed. 

API version: 1.0.0
*/

// Code generated by OpenAPI Generator (https://openapi-generator.tech); DO NOT EDIT.

package cobrowse

import (
	"encoding/json"
	"bytes"
	"fmt"
)

// checks if the GetConnectionInfoResponse type satisfies the MappedNullable interface at compile time
var _ MappedNullable = &GetConnectionInfoResponse{}

// GetConnectionInfoResponse The result of `getConnectionInfo`. On success `data` is present and `errorCode` and `errorReason` are null; on failure `success` is false and they say why. 
type GetConnectionInfoResponse struct {
	// Whether the operation succeeded.
	Success bool `json:"success"`
	Data *ConnectionInfo `json:"data,omitempty"`
	// The error code; null on success.
	ErrorCode NullableInt32 `json:"errorCode"`
	// The error cause; null on success.
	ErrorReason NullableString `json:"errorReason"`
}

type _GetConnectionInfoResponse GetConnectionInfoResponse

// NewGetConnectionInfoResponse instantiates a new GetConnectionInfoResponse object
// This constructor will assign default values to properties that have it defined,
// and makes sure properties required by API are set, but the set of arguments
// will change when the set of required properties is changed
func NewGetConnectionInfoResponse(success bool, errorCode NullableInt32, errorReason NullableString) *GetConnectionInfoResponse {
	this := GetConnectionInfoResponse{}
	this.Success = success
	this.ErrorCode = errorCode
	this.ErrorReason = errorReason
	return &this
}

// NewGetConnectionInfoResponseWithDefaults instantiates a new GetConnectionInfoResponse object
// This constructor will only assign default values to properties that have it defined,
// but it doesn't guarantee that properties required by API are set
func NewGetConnectionInfoResponseWithDefaults() *GetConnectionInfoResponse {
	this := GetConnectionInfoResponse{}
	return &this
}

// GetSuccess returns the Success field value
func (o *GetConnectionInfoResponse) GetSuccess() bool {
	if o == nil {
		var ret bool
		return ret
	}

	return o.Success
}

// GetSuccessOk returns a tuple with the Success field value
// and a boolean to check if the value has been set.
func (o *GetConnectionInfoResponse) GetSuccessOk() (*bool, bool) {
	if o == nil {
		return nil, false
	}
	return &o.Success, true
}

// SetSuccess sets field value
func (o *GetConnectionInfoResponse) SetSuccess(v bool) {
	o.Success = v
}

// GetData returns the Data field value if set, zero value otherwise.
func (o *GetConnectionInfoResponse) GetData() ConnectionInfo {
	if o == nil || IsNil(o.Data) {
		var ret ConnectionInfo
		return ret
	}
	return *o.Data
}

// GetDataOk returns a tuple with the Data field value if set, nil otherwise
// and a boolean to check if the value has been set.
func (o *GetConnectionInfoResponse) GetDataOk() (*ConnectionInfo, bool) {
	if o == nil || IsNil(o.Data) {
		return nil, false
	}
	return o.Data, true
}

// HasData returns a boolean if a field has been set.
func (o *GetConnectionInfoResponse) HasData() bool {
	if o != nil && !IsNil(o.Data) {
		return true
	}

	return false
}

// SetData gets a reference to the given ConnectionInfo and assigns it to the Data field.
func (o *GetConnectionInfoResponse) SetData(v ConnectionInfo) {
	o.Data = &v
}

// GetErrorCode returns the ErrorCode field value
// If the value is explicit nil, the zero value for int32 will be returned
func (o *GetConnectionInfoResponse) GetErrorCode() int32 {
	if o == nil || o.ErrorCode.Get() == nil {
		var ret int32
		return ret
	}

	return *o.ErrorCode.Get()
}

// GetErrorCodeOk returns a tuple with the ErrorCode field value
// and a boolean to check if the value has been set.
// NOTE: If the value is an explicit nil, `nil, true` will be returned
func (o *GetConnectionInfoResponse) GetErrorCodeOk() (*int32, bool) {
	if o == nil {
		return nil, false
	}
	return o.ErrorCode.Get(), o.ErrorCode.IsSet()
}

// SetErrorCode sets field value
func (o *GetConnectionInfoResponse) SetErrorCode(v int32) {
	o.ErrorCode.Set(&v)
}

// GetErrorReason returns the ErrorReason field value
// If the value is explicit nil, the zero value for string will be returned
func (o *GetConnectionInfoResponse) GetErrorReason() string {
	if o == nil || o.ErrorReason.Get() == nil {
		var ret string
		return ret
	}

	return *o.ErrorReason.Get()
}

// GetErrorReasonOk returns a tuple with the ErrorReason field value
// and a boolean to check if the value has been set.
// NOTE: If the value is an explicit nil, `nil, true` will be returned
func (o *GetConnectionInfoResponse) GetErrorReasonOk() (*string, bool) {
	if o == nil {
		return nil, false
	}
	return o.ErrorReason.Get(), o.ErrorReason.IsSet()
}

// SetErrorReason sets field value
func (o *GetConnectionInfoResponse) SetErrorReason(v string) {
	o.ErrorReason.Set(&v)
}

func (o GetConnectionInfoResponse) MarshalJSON() ([]byte, error) {
	toSerialize,err := o.ToMap()
	if err != nil {
		return []byte{}, err
	}
	return json.Marshal(toSerialize)
}

func (o GetConnectionInfoResponse) ToMap() (map[string]interface{}, error) {
	toSerialize := map[string]interface{}{}
	toSerialize["success"] = o.Success
	if !IsNil(o.Data) {
		toSerialize["data"] = o.Data
	}
	toSerialize["errorCode"] = o.ErrorCode.Get()
	toSerialize["errorReason"] = o.ErrorReason.Get()
	return toSerialize, nil
}

func (o *GetConnectionInfoResponse) UnmarshalJSON(data []byte) (err error) {
	// This validates that all required properties are included in the JSON object
	// by unmarshalling the object into a generic map with string keys and checking
	// that every required field exists as a key in the generic map.
	requiredProperties := []string{
		"success",
		"errorCode",
		"errorReason",
	}

	allProperties := make(map[string]interface{})

	err = json.Unmarshal(data, &allProperties)

	if err != nil {
		return err;
	}

	for _, requiredProperty := range(requiredProperties) {
		if _, exists := allProperties[requiredProperty]; !exists {
			return fmt.Errorf("no value given for required property %v", requiredProperty)
		}
	}

	varGetConnectionInfoResponse := _GetConnectionInfoResponse{}

	decoder := json.NewDecoder(bytes.NewReader(data))
	decoder.DisallowUnknownFields()
	err = decoder.Decode(&varGetConnectionInfoResponse)

	if err != nil {
		return err
	}

	*o = GetConnectionInfoResponse(varGetConnectionInfoResponse)

	return err
}

type NullableGetConnectionInfoResponse struct {
	value *GetConnectionInfoResponse
	isSet bool
}

func (v NullableGetConnectionInfoResponse) Get() *GetConnectionInfoResponse {
	return v.value
}

func (v *NullableGetConnectionInfoResponse) Set(val *GetConnectionInfoResponse) {
	v.value = val
	v.isSet = true
}

func (v NullableGetConnectionInfoResponse) IsSet() bool {
	return v.isSet
}

func (v *NullableGetConnectionInfoResponse) Unset() {
	v.value = nil
	v.isSet = false
}

func NewNullableGetConnectionInfoResponse(val *GetConnectionInfoResponse) *NullableGetConnectionInfoResponse {
	return &NullableGetConnectionInfoResponse{value: val, isSet: true}
}

func (v NullableGetConnectionInfoResponse) MarshalJSON() ([]byte, error) {
	return json.Marshal(v.value)
}

func (v *NullableGetConnectionInfoResponse) UnmarshalJSON(src []byte) error {
	v.isSet = true
	return json.Unmarshal(src, &v.value)
}


