package sdk

// Version is the SDK's version: the one version of every package in every language, written
// here by the release's version step (`pnpm changeset version`, release/lib/version.mjs), as it
// writes the go.mod requirements; never edited by hand. The User-Agent carries it.
const Version = "0.1.0"
