package main

import "runtime/debug"

// sitrepVersion returns the version of this binary, for exports' and the
// server's provenance: the module version when it was built from a
// tagged module, else the VCS revision it was built from (with "-dirty"
// for uncommitted changes), else "devel".
func sitrepVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "-dirty"
			}
		}
	}
	if rev == "" {
		return "devel"
	}
	return rev[:min(len(rev), 12)] + dirty
}
