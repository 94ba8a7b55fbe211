package policy

import (
	"crypto/sha256"
	"embed"
	"io/fs"
	"strings"
	"sync"
)

// sources are this package's Go files: how modules are loaded and rule
// metadata read.
//
//go:embed *.go
var sources embed.FS

// SourcesDigest is a hash of this package's Go code (tests left out).
// pkg/policy/eval keys its precompiled policies with it, so that a change
// to how rules are read makes them stale at once, even in a binary built
// before they were regenerated.
var SourcesDigest = sync.OnceValue(func() [sha256.Size]byte { return GoSourcesDigest(sources) })

// GoSourcesDigest hashes the Go files of an embedded package directory,
// tests left out, in name order.
func GoSourcesDigest(fsys fs.FS) [sha256.Size]byte {
	h := sha256.New()
	files, _ := fs.Glob(fsys, "*.go")
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			continue
		}
		h.Write([]byte(name))
		h.Write([]byte{0})
		h.Write(data)
		h.Write([]byte{0})
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}
