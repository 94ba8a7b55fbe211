// Package version says which build of poddoctor is running: the release
// version, the commit and the build date.
//
// A release build stamps all three with -ldflags (see .goreleaser.yaml). A
// build without them still knows a good deal from the Go toolchain's build
// information: `go install github.com/poddoctor/poddoctor/cmd/poddoctor@v1.2.3`
// records the module version v1.2.3, and a build inside a git checkout
// records the commit and its time. Only what neither source knows is "dev"
// or empty, so a SARIF upload never says "dev" for a tagged install.
package version

import (
	"runtime"
	"runtime/debug"
	"strings"
)

// Set with -ldflags "-X github.com/poddoctor/poddoctor/internal/version.version=v1.2.3"
// (and .commit, .date) by release builds. Empty means "ask the build info".
var (
	version string
	commit  string
	date    string
)

// Info describes one build. Fields the build could not know are empty,
// except Version, which is "dev" then.
type Info struct {
	Version   string `json:"version"`
	Commit    string `json:"commit,omitempty"`
	Date      string `json:"date,omitempty"`
	GoVersion string `json:"goVersion"`
	Platform  string `json:"platform"`
}

// Get returns the running build's Info.
func Get() Info {
	build, _ := debug.ReadBuildInfo()
	return fromBuild(build, version, commit, date)
}

// fromBuild merges what the linker stamped (stamped*) with the toolchain's
// build information; stamped values win because a release sets them on
// purpose. build may be nil (a binary built without module support).
func fromBuild(build *debug.BuildInfo, stampedVersion, stampedCommit, stampedDate string) Info {
	info := Info{
		Version:   stampedVersion,
		Commit:    stampedCommit,
		Date:      stampedDate,
		GoVersion: runtime.Version(),
		Platform:  runtime.GOOS + "/" + runtime.GOARCH,
	}
	if build == nil {
		if info.Version == "" {
			info.Version = "dev"
		}
		return info
	}
	// "(devel)" is what the toolchain records for the main module when it
	// was built from a checkout rather than fetched at a version.
	if info.Version == "" && build.Main.Version != "" && build.Main.Version != "(devel)" {
		info.Version = build.Main.Version
	}
	var revision, modified, vcsTime string
	for _, s := range build.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			modified = s.Value
		case "vcs.time":
			vcsTime = s.Value
		}
	}
	if info.Commit == "" && revision != "" {
		info.Commit = revision
		if modified == "true" {
			info.Commit += "-dirty"
		}
	}
	if info.Date == "" {
		info.Date = vcsTime
	}
	if info.Version == "" {
		info.Version = "dev"
	}
	return info
}

// String is the one line `poddoctor version` prints.
func (i Info) String() string {
	var b strings.Builder
	b.WriteString("poddoctor ")
	b.WriteString(i.Version)
	var details []string
	if i.Commit != "" {
		details = append(details, "commit "+shortCommit(i.Commit))
	}
	if i.Date != "" {
		details = append(details, "built "+i.Date)
	}
	details = append(details, i.GoVersion, i.Platform)
	b.WriteString(" (" + strings.Join(details, ", ") + ")")
	return b.String()
}

// shortCommit keeps the 12 characters people paste, and a -dirty mark.
func shortCommit(c string) string {
	dirty := strings.HasSuffix(c, "-dirty")
	c = strings.TrimSuffix(c, "-dirty")
	if len(c) > 12 {
		c = c[:12]
	}
	if dirty {
		c += "-dirty"
	}
	return c
}
