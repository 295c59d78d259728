// WIP, removed when wave2-emitter is merged: the constants its spec.go adds, so that the
// layer compiles against their final names meanwhile. Not generated; never released.
package generated

const (
	TokenMethod            = "POST"
	TokenPath              = "/apigovernance/api/oauth/tokenByAkSk"
	InfoMethod             = "POST"
	InfoPath               = "/apiaccess/api/cobrowse/getConnectionInfo"
	RoleField              = "role"
	UserAgentHeader        = "User-Agent"
	UserAgentProductPrefix = "cec-cobrowse-"
	AttemptHeader          = "X-Cobrowse-Attempt"
)
