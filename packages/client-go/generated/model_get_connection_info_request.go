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

// checks if the GetConnectionInfoRequest type satisfies the MappedNullable interface at compile time
var _ MappedNullable = &GetConnectionInfoRequest{}

// GetConnectionInfoRequest Which room, which side, and who is asking.
type GetConnectionInfoRequest struct {
	// The co-browsing room, usually the contact-center session id. Both sides of one session must send the same value. When absent the server creates a room with a UUID id. 1 to 128 characters: letters, digits, `.`, `_`, `:` and `-`, starting with a letter or digit. 
	RoomId *string `json:"roomId,omitempty" validate:"regexp=^[A-Za-z0-9][A-Za-z0-9._:-]*$"`
	// The user's id.
	UserId *string `json:"userId,omitempty"`
	// The user's display name.
	UserName *string `json:"userName,omitempty"`
	// The agent's id (work number).
	WorkNo *string `json:"workNo,omitempty"`
	Role Role `json:"role"`
}

type _GetConnectionInfoRequest GetConnectionInfoRequest

// NewGetConnectionInfoRequest instantiates a new GetConnectionInfoRequest object
// This constructor will assign default values to properties that have it defined,
// and makes sure properties required by API are set, but the set of arguments
// will change when the set of required properties is changed
func NewGetConnectionInfoRequest(role Role) *GetConnectionInfoRequest {
	this := GetConnectionInfoRequest{}
	this.Role = role
	return &this
}

// NewGetConnectionInfoRequestWithDefaults instantiates a new GetConnectionInfoRequest object
// This constructor will only assign default values to properties that have it defined,
// but it doesn't guarantee that properties required by API are set
func NewGetConnectionInfoRequestWithDefaults() *GetConnectionInfoRequest {
	this := GetConnectionInfoRequest{}
	return &this
}

// GetRoomId returns the RoomId field value if set, zero value otherwise.
func (o *GetConnectionInfoRequest) GetRoomId() string {
	if o == nil || IsNil(o.RoomId) {
		var ret string
		return ret
	}
	return *o.RoomId
}

// GetRoomIdOk returns a tuple with the RoomId field value if set, nil otherwise
// and a boolean to check if the value has been set.
func (o *GetConnectionInfoRequest) GetRoomIdOk() (*string, bool) {
	if o == nil || IsNil(o.RoomId) {
		return nil, false
	}
	return o.RoomId, true
}

// HasRoomId returns a boolean if a field has been set.
func (o *GetConnectionInfoRequest) HasRoomId() bool {
	if o != nil && !IsNil(o.RoomId) {
		return true
	}

	return false
}

// SetRoomId gets a reference to the given string and assigns it to the RoomId field.
func (o *GetConnectionInfoRequest) SetRoomId(v string) {
	o.RoomId = &v
}

// GetUserId returns the UserId field value if set, zero value otherwise.
func (o *GetConnectionInfoRequest) GetUserId() string {
	if o == nil || IsNil(o.UserId) {
		var ret string
		return ret
	}
	return *o.UserId
}

// GetUserIdOk returns a tuple with the UserId field value if set, nil otherwise
// and a boolean to check if the value has been set.
func (o *GetConnectionInfoRequest) GetUserIdOk() (*string, bool) {
	if o == nil || IsNil(o.UserId) {
		return nil, false
	}
	return o.UserId, true
}

// HasUserId returns a boolean if a field has been set.
func (o *GetConnectionInfoRequest) HasUserId() bool {
	if o != nil && !IsNil(o.UserId) {
		return true
	}

	return false
}

// SetUserId gets a reference to the given string and assigns it to the UserId field.
func (o *GetConnectionInfoRequest) SetUserId(v string) {
	o.UserId = &v
}

// GetUserName returns the UserName field value if set, zero value otherwise.
func (o *GetConnectionInfoRequest) GetUserName() string {
	if o == nil || IsNil(o.UserName) {
		var ret string
		return ret
	}
	return *o.UserName
}

// GetUserNameOk returns a tuple with the UserName field value if set, nil otherwise
// and a boolean to check if the value has been set.
func (o *GetConnectionInfoRequest) GetUserNameOk() (*string, bool) {
	if o == nil || IsNil(o.UserName) {
		return nil, false
	}
	return o.UserName, true
}

// HasUserName returns a boolean if a field has been set.
func (o *GetConnectionInfoRequest) HasUserName() bool {
	if o != nil && !IsNil(o.UserName) {
		return true
	}

	return false
}

// SetUserName gets a reference to the given string and assigns it to the UserName field.
func (o *GetConnectionInfoRequest) SetUserName(v string) {
	o.UserName = &v
}

// GetWorkNo returns the WorkNo field value if set, zero value otherwise.
func (o *GetConnectionInfoRequest) GetWorkNo() string {
	if o == nil || IsNil(o.WorkNo) {
		var ret string
		return ret
	}
	return *o.WorkNo
}

// GetWorkNoOk returns a tuple with the WorkNo field value if set, nil otherwise
// and a boolean to check if the value has been set.
func (o *GetConnectionInfoRequest) GetWorkNoOk() (*string, bool) {
	if o == nil || IsNil(o.WorkNo) {
		return nil, false
	}
	return o.WorkNo, true
}

// HasWorkNo returns a boolean if a field has been set.
func (o *GetConnectionInfoRequest) HasWorkNo() bool {
	if o != nil && !IsNil(o.WorkNo) {
		return true
	}

	return false
}

// SetWorkNo gets a reference to the given string and assigns it to the WorkNo field.
func (o *GetConnectionInfoRequest) SetWorkNo(v string) {
	o.WorkNo = &v
}

// GetRole returns the Role field value
func (o *GetConnectionInfoRequest) GetRole() Role {
	if o == nil {
		var ret Role
		return ret
	}

	return o.Role
}

// GetRoleOk returns a tuple with the Role field value
// and a boolean to check if the value has been set.
func (o *GetConnectionInfoRequest) GetRoleOk() (*Role, bool) {
	if o == nil {
		return nil, false
	}
	return &o.Role, true
}

// SetRole sets field value
func (o *GetConnectionInfoRequest) SetRole(v Role) {
	o.Role = v
}

func (o GetConnectionInfoRequest) MarshalJSON() ([]byte, error) {
	toSerialize,err := o.ToMap()
	if err != nil {
		return []byte{}, err
	}
	return json.Marshal(toSerialize)
}

func (o GetConnectionInfoRequest) ToMap() (map[string]interface{}, error) {
	toSerialize := map[string]interface{}{}
	if !IsNil(o.RoomId) {
		toSerialize["roomId"] = o.RoomId
	}
	if !IsNil(o.UserId) {
		toSerialize["userId"] = o.UserId
	}
	if !IsNil(o.UserName) {
		toSerialize["userName"] = o.UserName
	}
	if !IsNil(o.WorkNo) {
		toSerialize["workNo"] = o.WorkNo
	}
	toSerialize["role"] = o.Role
	return toSerialize, nil
}

func (o *GetConnectionInfoRequest) UnmarshalJSON(data []byte) (err error) {
	// This validates that all required properties are included in the JSON object
	// by unmarshalling the object into a generic map with string keys and checking
	// that every required field exists as a key in the generic map.
	requiredProperties := []string{
		"role",
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

	varGetConnectionInfoRequest := _GetConnectionInfoRequest{}

	decoder := json.NewDecoder(bytes.NewReader(data))
	decoder.DisallowUnknownFields()
	err = decoder.Decode(&varGetConnectionInfoRequest)

	if err != nil {
		return err
	}

	*o = GetConnectionInfoRequest(varGetConnectionInfoRequest)

	return err
}

type NullableGetConnectionInfoRequest struct {
	value *GetConnectionInfoRequest
	isSet bool
}

func (v NullableGetConnectionInfoRequest) Get() *GetConnectionInfoRequest {
	return v.value
}

func (v *NullableGetConnectionInfoRequest) Set(val *GetConnectionInfoRequest) {
	v.value = val
	v.isSet = true
}

func (v NullableGetConnectionInfoRequest) IsSet() bool {
	return v.isSet
}

func (v *NullableGetConnectionInfoRequest) Unset() {
	v.value = nil
	v.isSet = false
}

func NewNullableGetConnectionInfoRequest(val *GetConnectionInfoRequest) *NullableGetConnectionInfoRequest {
	return &NullableGetConnectionInfoRequest{value: val, isSet: true}
}

func (v NullableGetConnectionInfoRequest) MarshalJSON() ([]byte, error) {
	return json.Marshal(v.value)
}

func (v *NullableGetConnectionInfoRequest) UnmarshalJSON(src []byte) error {
	v.isSet = true
	return json.Unmarshal(src, &v.value)
}


