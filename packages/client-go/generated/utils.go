/*
Co-browsing API

Two operations of a contact-center platform's API gateway (\"API Fabric\"):  1. `tokenByAkSk` trades an app key and app secret for a short-lived bearer token. 2. `getConnectionInfo` returns, for one side of a co-browsing room, the WebSocket    URLs to connect to and a signed `connectParam` to present when connecting.    The customer side is the `recorder` (its page is recorded and shared); the agent    side is the `replayer` (it watches and guides).  ## Typical flow A backend that holds the app key and secret calls `tokenByAkSk`, caches the token until shortly before `CreateTime + Expires`, then calls `getConnectionInfo` once with `role: recorder` and once with `role: replayer`, both with the same `roomId`. Each side opens its WebSocket at `wssUrlOut` (from the public network) or `wssUrl` (inside the platform's network) and presents its `connectParam`. The app secret never reaches a browser.  ## Decisions this spec makes where the vendor is silent The vendor documents the success bodies only. This spec fixes the rest, and the reference mock server and the contract-test suite hold deployments to it:  - **Error bodies.** Every non-2xx response of both operations carries an   `ErrorResponse` JSON body: `success: false`, a numeric `errorCode`, a readable   `errorReason` that names the offending field or header, and optional `details`.   The `errorCode` values used by this spec are the HTTP status times 100   (`40000` bad request, `40100` authentication failed, `40400` not found,   `40500` method not allowed, `41300` body too large, `41500` unsupported media type,   `42900` too many requests, `50000` internal error, `50300` unavailable). Clients   must not depend on any other value. - **Order of checks.** A server checks, in order: the method (405, with `Allow`), the   body size (413, bodies over 1 MiB), the content type (415, only `application/json`),   the content coding (415, no `Content-Encoding` other than `identity`),   authentication (401), the JSON syntax and schema of headers and body (400), and the   tenant space (404). The first failing check answers. `tokenByAkSk` carries its   credentials in the body, so its credential check (401, wrong app key or secret) comes   after the header and body checks (400). - **Authentication failures (401).** Wrong app key or secret; a missing, malformed,   unknown or expired bearer token; an `Authorization` header without the `Bearer `   prefix; a missing `x-app-key`, or one that is not the app the token was issued to. - **Tenant space.** A missing or malformed `X-TenantSpaceID` is a 400; one the   deployment does not know is a 404. - **Machine-readable rules.** The rules above are also stated for tools, and tools read   them from there, not from this prose:   - `x-cobrowse-rules` (at the root) gives `errorCode.statusFactor` (an error body's     `errorCode` is the status times it) and, under `checks`, each check a server makes     with the status its failure answers and its parameters: `bodySize.maxBytes`,     `contentEncoding.accept` (the codings taken; others answer 415 with     `Accept-Encoding` listing them), and the media types of `contentType` are the     operation's request body media types.   - `x-cobrowse-check-order` (on each operation) lists the ids of those checks in the     order a server makes them; the first failing check answers.   - Each security scheme carries `x-cobrowse-value-schema`, the JSON Schema of the     header's value (of the token after `Bearer ` for `bearerAuth`), and     `x-cobrowse-failures`, the status a request gets when the header is `missing`,     `malformed` (breaks that schema) or `unknown` (well formed but not known to the     deployment, or not the token's app). Each failure is checked by the first of the     `authentication`, `validation` and `tenant` checks in the operation's order whose     status it has.   - `bearerAuth` carries `x-cobrowse-token`: the operation that issues the token, the     fields of its answer that hold the token, its creation time and its lifetime, and     the request header that asks for a lifetime (whose schema gives the range and the     default). - **Limits.** Field lengths and characters are bounded as each schema states. Token   lifetimes asked with `X-Token-Expire` run from 1 second to 86400 seconds (one day);   600 seconds when the header is absent. - **Request ids.** Servers may send `X-Request-Id` on any response; clients report it   with errors. - **connectParam.** Opaque to clients. The reference mock server builds it as   `base64url(JSON payload) + \".\" + base64url(HMAC-SHA256(key, payload part))`, the   payload holding the room id (`r`), the role (`o`), the app key (`a`), the tenant   space (`t`) and the expiry in Unix seconds (`e`); its WebSocket endpoint admits a   connection at `wssUrl` (or `wssUrlOut`) with the query parameter   `connectParam=<connectParam>` only when the signature verifies, the room and role   match, and the expiry has not passed. 

API version: 1.0.0
*/

// Code generated by OpenAPI Generator (https://openapi-generator.tech); DO NOT EDIT.

package cobrowse

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"time"
)

// PtrBool is a helper routine that returns a pointer to given boolean value.
func PtrBool(v bool) *bool { return &v }

// PtrInt is a helper routine that returns a pointer to given integer value.
func PtrInt(v int) *int { return &v }

// PtrInt32 is a helper routine that returns a pointer to given integer value.
func PtrInt32(v int32) *int32 { return &v }

// PtrInt64 is a helper routine that returns a pointer to given integer value.
func PtrInt64(v int64) *int64 { return &v }

// PtrFloat32 is a helper routine that returns a pointer to given float value.
func PtrFloat32(v float32) *float32 { return &v }

// PtrFloat64 is a helper routine that returns a pointer to given float value.
func PtrFloat64(v float64) *float64 { return &v }

// PtrString is a helper routine that returns a pointer to given string value.
func PtrString(v string) *string { return &v }

// PtrTime is helper routine that returns a pointer to given Time value.
func PtrTime(v time.Time) *time.Time { return &v }

type NullableBool struct {
	value *bool
	isSet bool
}

func (v NullableBool) Get() *bool {
	return v.value
}

func (v *NullableBool) Set(val *bool) {
	v.value = val
	v.isSet = true
}

func (v NullableBool) IsSet() bool {
	return v.isSet
}

func (v *NullableBool) Unset() {
	v.value = nil
	v.isSet = false
}

func NewNullableBool(val *bool) *NullableBool {
	return &NullableBool{value: val, isSet: true}
}

func (v NullableBool) MarshalJSON() ([]byte, error) {
	return json.Marshal(v.value)
}

func (v *NullableBool) UnmarshalJSON(src []byte) error {
	v.isSet = true
	return json.Unmarshal(src, &v.value)
}

type NullableInt struct {
	value *int
	isSet bool
}

func (v NullableInt) Get() *int {
	return v.value
}

func (v *NullableInt) Set(val *int) {
	v.value = val
	v.isSet = true
}

func (v NullableInt) IsSet() bool {
	return v.isSet
}

func (v *NullableInt) Unset() {
	v.value = nil
	v.isSet = false
}

func NewNullableInt(val *int) *NullableInt {
	return &NullableInt{value: val, isSet: true}
}

func (v NullableInt) MarshalJSON() ([]byte, error) {
	return json.Marshal(v.value)
}

func (v *NullableInt) UnmarshalJSON(src []byte) error {
	v.isSet = true
	return json.Unmarshal(src, &v.value)
}

type NullableInt32 struct {
	value *int32
	isSet bool
}

func (v NullableInt32) Get() *int32 {
	return v.value
}

func (v *NullableInt32) Set(val *int32) {
	v.value = val
	v.isSet = true
}

func (v NullableInt32) IsSet() bool {
	return v.isSet
}

func (v *NullableInt32) Unset() {
	v.value = nil
	v.isSet = false
}

func NewNullableInt32(val *int32) *NullableInt32 {
	return &NullableInt32{value: val, isSet: true}
}

func (v NullableInt32) MarshalJSON() ([]byte, error) {
	return json.Marshal(v.value)
}

func (v *NullableInt32) UnmarshalJSON(src []byte) error {
	v.isSet = true
	return json.Unmarshal(src, &v.value)
}

type NullableInt64 struct {
	value *int64
	isSet bool
}

func (v NullableInt64) Get() *int64 {
	return v.value
}

func (v *NullableInt64) Set(val *int64) {
	v.value = val
	v.isSet = true
}

func (v NullableInt64) IsSet() bool {
	return v.isSet
}

func (v *NullableInt64) Unset() {
	v.value = nil
	v.isSet = false
}

func NewNullableInt64(val *int64) *NullableInt64 {
	return &NullableInt64{value: val, isSet: true}
}

func (v NullableInt64) MarshalJSON() ([]byte, error) {
	return json.Marshal(v.value)
}

func (v *NullableInt64) UnmarshalJSON(src []byte) error {
	v.isSet = true
	return json.Unmarshal(src, &v.value)
}

type NullableFloat32 struct {
	value *float32
	isSet bool
}

func (v NullableFloat32) Get() *float32 {
	return v.value
}

func (v *NullableFloat32) Set(val *float32) {
	v.value = val
	v.isSet = true
}

func (v NullableFloat32) IsSet() bool {
	return v.isSet
}

func (v *NullableFloat32) Unset() {
	v.value = nil
	v.isSet = false
}

func NewNullableFloat32(val *float32) *NullableFloat32 {
	return &NullableFloat32{value: val, isSet: true}
}

func (v NullableFloat32) MarshalJSON() ([]byte, error) {
	return json.Marshal(v.value)
}

func (v *NullableFloat32) UnmarshalJSON(src []byte) error {
	v.isSet = true
	return json.Unmarshal(src, &v.value)
}

type NullableFloat64 struct {
	value *float64
	isSet bool
}

func (v NullableFloat64) Get() *float64 {
	return v.value
}

func (v *NullableFloat64) Set(val *float64) {
	v.value = val
	v.isSet = true
}

func (v NullableFloat64) IsSet() bool {
	return v.isSet
}

func (v *NullableFloat64) Unset() {
	v.value = nil
	v.isSet = false
}

func NewNullableFloat64(val *float64) *NullableFloat64 {
	return &NullableFloat64{value: val, isSet: true}
}

func (v NullableFloat64) MarshalJSON() ([]byte, error) {
	return json.Marshal(v.value)
}

func (v *NullableFloat64) UnmarshalJSON(src []byte) error {
	v.isSet = true
	return json.Unmarshal(src, &v.value)
}

type NullableString struct {
	value *string
	isSet bool
}

func (v NullableString) Get() *string {
	return v.value
}

func (v *NullableString) Set(val *string) {
	v.value = val
	v.isSet = true
}

func (v NullableString) IsSet() bool {
	return v.isSet
}

func (v *NullableString) Unset() {
	v.value = nil
	v.isSet = false
}

func NewNullableString(val *string) *NullableString {
	return &NullableString{value: val, isSet: true}
}

func (v NullableString) MarshalJSON() ([]byte, error) {
	return json.Marshal(v.value)
}

func (v *NullableString) UnmarshalJSON(src []byte) error {
	v.isSet = true
	return json.Unmarshal(src, &v.value)
}

type NullableTime struct {
	value *time.Time
	isSet bool
}

func (v NullableTime) Get() *time.Time {
	return v.value
}

func (v *NullableTime) Set(val *time.Time) {
	v.value = val
	v.isSet = true
}

func (v NullableTime) IsSet() bool {
	return v.isSet
}

func (v *NullableTime) Unset() {
	v.value = nil
	v.isSet = false
}

func NewNullableTime(val *time.Time) *NullableTime {
	return &NullableTime{value: val, isSet: true}
}

func (v NullableTime) MarshalJSON() ([]byte, error) {
	return json.Marshal(v.value)
}

func (v *NullableTime) UnmarshalJSON(src []byte) error {
	v.isSet = true
	return json.Unmarshal(src, &v.value)
}

// IsNil checks if an input is nil
func IsNil(i interface{}) bool {
	if i == nil {
		return true
	}
	switch reflect.TypeOf(i).Kind() {
	case reflect.Chan, reflect.Func, reflect.Map, reflect.Ptr, reflect.UnsafePointer, reflect.Interface, reflect.Slice:
		return reflect.ValueOf(i).IsNil()
	case reflect.Array:
		return reflect.ValueOf(i).IsZero()
	}
	return false
}

type MappedNullable interface {
	ToMap() (map[string]interface{}, error)
}

// A wrapper for strict JSON decoding
func newStrictDecoder(data []byte) *json.Decoder {
	dec := json.NewDecoder(bytes.NewBuffer(data))
	dec.DisallowUnknownFields()
	return dec
}

// Prevent trying to import "fmt"
func reportError(format string, a ...interface{}) error {
	return fmt.Errorf(format, a...)
}