package nodetest

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path"
	"sort"
	"strings"
	"time"
)

// Layer is the one layer of the e2e's images: a static busybox as
// /bin/busybox with every applet linked to it, and the few directories and
// files a container expects. The node has no internet, so the test builds
// its images itself, with the standard library.
type Layer struct {
	// Tar is the uncompressed layer.
	Tar []byte
	// DiffID is the digest of Tar, "sha256:...".
	DiffID string
}

// BuildBusyboxLayer makes the layer from the static busybox binary at
// busyboxPath (Debian's busybox-static: /bin/busybox).
func BuildBusyboxLayer(busyboxPath string) (Layer, error) {
	bin, err := os.ReadFile(busyboxPath)
	if err != nil {
		return Layer{}, fmt.Errorf("read busybox: %w", err)
	}
	out, err := exec.Command(busyboxPath, "--list-full").Output()
	if err != nil {
		return Layer{}, fmt.Errorf("%s --list-full: %w", busyboxPath, err)
	}
	var applets []string
	for _, line := range strings.Fields(string(out)) {
		if strings.Contains(line, "/") && line != "bin/busybox" {
			applets = append(applets, line)
		}
	}
	sort.Strings(applets)

	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	epoch := time.Unix(0, 0)
	dirs := []string{"bin", "dev", "etc", "proc", "root", "sbin", "sys", "tmp", "usr", "usr/bin", "usr/sbin", "var"}
	for _, d := range dirs {
		mode := int64(0o755)
		if d == "tmp" {
			mode = 0o1777
		}
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: d + "/", Mode: mode, ModTime: epoch, Format: tar.FormatPAX}); err != nil {
			return Layer{}, err
		}
	}
	files := []struct {
		name string
		mode int64
		data []byte
	}{
		{"bin/busybox", 0o755, bin},
		{"etc/passwd", 0o644, []byte("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n")},
		{"etc/group", 0o644, []byte("root:x:0:\nnogroup:x:65534:\n")},
	}
	for _, f := range files {
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: f.name, Mode: f.mode, Size: int64(len(f.data)), ModTime: epoch, Format: tar.FormatPAX}); err != nil {
			return Layer{}, err
		}
		if _, err := tw.Write(f.data); err != nil {
			return Layer{}, err
		}
	}
	for _, a := range applets {
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeSymlink, Name: a, Linkname: "/bin/busybox", Mode: 0o777, ModTime: epoch, Format: tar.FormatPAX}); err != nil {
			return Layer{}, err
		}
	}
	if err := tw.Close(); err != nil {
		return Layer{}, err
	}
	return Layer{Tar: buf.Bytes(), DiffID: digest(buf.Bytes())}, nil
}

func digest(data []byte) string {
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// Image is one image over the busybox layer. Images differ in their labels,
// so each has its own config digest: containerd 1.6 can lose a tag when two
// names share one.
type Image struct {
	// Name is the reference, e.g. "docker.io/library/busybox:1.36".
	Name string
	// Cmd is the image's default command.
	Cmd []string
	// Label says what the image is for; it makes the config distinct.
	Label string
}

// config returns the image's config JSON.
func (img Image) config(l Layer) []byte {
	cfg := map[string]any{
		"architecture": "amd64",
		"os":           "linux",
		"created":      "1970-01-01T00:00:00Z",
		"config": map[string]any{
			"Env":    []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
			"Cmd":    img.Cmd,
			"Labels": map[string]string{"dev.poddoctor.e2e.image": img.Label},
		},
		"rootfs":  map[string]any{"type": "layers", "diff_ids": []string{l.DiffID}},
		"history": []map[string]string{{"created": "1970-01-01T00:00:00Z", "created_by": "poddoctor test/e2e: static busybox and its applets"}},
	}
	data, _ := json.Marshal(cfg)
	return data
}

// WriteDockerArchive writes images as one docker-archive tar (what
// `docker save` writes and `ctr images import` reads): manifest.json, one
// config per image, and the shared layer.
func WriteDockerArchive(w io.Writer, l Layer, images []Image) error {
	tw := tar.NewWriter(w)
	layerPath := strings.TrimPrefix(l.DiffID, "sha256:") + "/layer.tar"
	add := func(name string, data []byte) error {
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: 0o644, Size: int64(len(data)), ModTime: time.Unix(0, 0)}); err != nil {
			return err
		}
		_, err := tw.Write(data)
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: path.Dir(layerPath) + "/", Mode: 0o755, ModTime: time.Unix(0, 0)}); err != nil {
		return err
	}
	if err := add(layerPath, l.Tar); err != nil {
		return err
	}
	type entry struct {
		Config   string
		RepoTags []string
		Layers   []string
	}
	var manifest []entry
	for _, img := range images {
		cfg := img.config(l)
		name := strings.TrimPrefix(digest(cfg), "sha256:") + ".json"
		if err := add(name, cfg); err != nil {
			return err
		}
		manifest = append(manifest, entry{Config: name, RepoTags: []string{img.Name}, Layers: []string{layerPath}})
	}
	data, err := json.Marshal(manifest)
	if err != nil {
		return err
	}
	if err := add("manifest.json", data); err != nil {
		return err
	}
	return tw.Close()
}

// PushImage pushes img (named REPO:TAG, without the registry) to the
// registry at base (http://127.0.0.1:5000) through the registry HTTP API v2:
// the gzipped layer and the config as blobs, then a Docker schema 2
// manifest under the tag.
func PushImage(ctx context.Context, base string, l Layer, img Image) error {
	repo, tag, ok := strings.Cut(img.Name, ":")
	if !ok {
		return fmt.Errorf("push %s: no tag", img.Name)
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestSpeed)
	if _, err := zw.Write(l.Tar); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	cfg := img.config(l)
	for _, blob := range [][]byte{gz.Bytes(), cfg} {
		if err := pushBlob(ctx, base, repo, blob); err != nil {
			return fmt.Errorf("push %s: %w", img.Name, err)
		}
	}
	manifest, _ := json.Marshal(map[string]any{
		"schemaVersion": 2,
		"mediaType":     "application/vnd.docker.distribution.manifest.v2+json",
		"config": map[string]any{
			"mediaType": "application/vnd.docker.container.image.v1+json",
			"size":      len(cfg),
			"digest":    digest(cfg),
		},
		"layers": []map[string]any{{
			"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
			"size":      gz.Len(),
			"digest":    digest(gz.Bytes()),
		}},
	})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPut, base+"/v2/"+repo+"/manifests/"+tag, bytes.NewReader(manifest))
	req.Header.Set("Content-Type", "application/vnd.docker.distribution.manifest.v2+json")
	return do(req, http.StatusCreated, "put manifest "+img.Name)
}

func pushBlob(ctx context.Context, base, repo string, blob []byte) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/v2/"+repo+"/blobs/uploads/", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		return fmt.Errorf("start blob upload: %s", resp.Status)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		return err
	}
	loc = resp.Request.URL.ResolveReference(loc)
	q := loc.Query()
	q.Set("digest", digest(blob))
	loc.RawQuery = q.Encode()
	req, _ = http.NewRequestWithContext(ctx, http.MethodPut, loc.String(), bytes.NewReader(blob))
	req.Header.Set("Content-Type", "application/octet-stream")
	return do(req, http.StatusCreated, "put blob")
}

func do(req *http.Request, want int, what string) error {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != want {
		return fmt.Errorf("%s: %s: %s", what, resp.Status, body)
	}
	return nil
}
