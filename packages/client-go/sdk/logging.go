package sdk

import (
	"io"
	"log/slog"
	"os"
	"strings"

	spec "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk/internal/generated"
)

// LogEnv is the environment variable that sets the level of the client's default logger (the
// one it uses when Options.Logger is nil): debug, info, warn (the default), error or off.
const LogEnv = "COBROWSE_LOG"

// logLevels are LogEnv's values; "off" discards every line.
var logLevels = map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError}

// DefaultLogLevel is the default logger's level when LogEnv is unset: a hook that failed, a
// header a hook may not set.
const DefaultLogLevel = slog.LevelWarn

// defaultLogger is the logger of a client given none: text lines on standard error from the
// level LogEnv names (DefaultLogLevel when unset), or none with "off". An unknown value is a
// *ConfigurationError naming the variable.
func defaultLogger() (*slog.Logger, error) {
	value := strings.ToLower(strings.TrimSpace(os.Getenv(LogEnv)))
	if value == "off" {
		return slog.New(slog.NewTextHandler(io.Discard, nil)), nil
	}
	level := DefaultLogLevel
	if value != "" {
		l, ok := logLevels[value]
		if !ok {
			return nil, &ConfigurationError{LogEnv, "must be debug, info, warn, error or off (unset: warn), got " + quoteShort(value)}
		}
		level = l
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})).With("sdk", spec.UserAgentProductPrefix+language), nil
}

// quoteShort quotes the first 40 bytes of s.
func quoteShort(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return `"` + s + `"`
}
