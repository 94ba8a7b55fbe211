package version

import (
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func TestFromBuild(t *testing.T) {
	tagged := &debug.BuildInfo{Main: debug.Module{Path: "github.com/poddoctor/poddoctor", Version: "v1.4.0"}}
	checkout := &debug.BuildInfo{
		Main: debug.Module{Path: "github.com/poddoctor/poddoctor", Version: "(devel)"},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "5b1bfc7a0c7b9e3f1d2c4b5a6978877665544332"},
			{Key: "vcs.time", Value: "2026-12-06T21:14:03Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	tests := []struct {
		name                  string
		build                 *debug.BuildInfo
		version, commit, date string
		want                  Info
	}{
		{
			name:  "go install at a tag records the module version",
			build: tagged,
			want:  Info{Version: "v1.4.0"},
		},
		{
			name:  "a checkout build has no version but its commit and time",
			build: checkout,
			want:  Info{Version: "dev", Commit: "5b1bfc7a0c7b9e3f1d2c4b5a6978877665544332-dirty", Date: "2026-12-06T21:14:03Z"},
		},
		{
			name:    "release stamps win over build info",
			build:   checkout,
			version: "v2.0.0", commit: "abc123", date: "2026-12-07T00:00:00Z",
			want: Info{Version: "v2.0.0", Commit: "abc123", Date: "2026-12-07T00:00:00Z"},
		},
		{
			name:  "no build info at all",
			build: nil,
			want:  Info{Version: "dev"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fromBuild(tt.build, tt.version, tt.commit, tt.date)
			tt.want.GoVersion = runtime.Version()
			tt.want.Platform = runtime.GOOS + "/" + runtime.GOARCH
			if got != tt.want {
				t.Errorf("fromBuild() = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestString(t *testing.T) {
	info := Info{Version: "v1.4.0", Commit: "5b1bfc7a0c7b9e3f1d2c-dirty", Date: "2026-12-06T21:14:03Z", GoVersion: "go1.26.8", Platform: "linux/amd64"}
	want := "poddoctor v1.4.0 (commit 5b1bfc7a0c7b-dirty, built 2026-12-06T21:14:03Z, go1.26.8, linux/amd64)"
	if got := info.String(); got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	bare := Info{Version: "dev", GoVersion: "go1.26.8", Platform: "linux/amd64"}
	if got := bare.String(); !strings.HasPrefix(got, "poddoctor dev (go1.26.8") {
		t.Errorf("String() of a bare build = %q", got)
	}
}

// TestGetInThisBinary checks the real path: a test binary has build info,
// and its main module is not fetched at a version, so Version is "dev"
// unless the linker stamped one.
func TestGetInThisBinary(t *testing.T) {
	info := Get()
	if info.Version == "" || info.GoVersion != runtime.Version() {
		t.Fatalf("Get() = %+v", info)
	}
}
