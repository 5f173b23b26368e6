//go:build race

package shared

// Race reports whether the binary is built with the race detector.
const Race = true
