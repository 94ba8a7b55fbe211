package apiservertest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Binaries finds etcd and kube-apiserver. kube-apiserver is
// $PODDOCTOR_KUBE_APISERVER when set; otherwise test/apiserver/build.sh
// prints the cached binary. Plain `go test ./...` never builds one: a
// binary that was never built here is an error, in one line saying what is
// missing and how to get it, and the test skips. Only where the tests are
// required to run ($PODDOCTOR_REQUIRE_APISERVER, set by test/run.sh after
// it built the binaries) does build.sh build what is missing (minutes,
// once per version).
func Binaries() (etcd, apiserver string, err error) {
	if etcd, err = findEtcd(); err != nil {
		return "", "", err
	}
	if apiserver, err = findAPIServer(); err != nil {
		return "", "", err
	}
	return etcd, apiserver, nil
}

func findEtcd() (string, error) {
	if p := os.Getenv("PODDOCTOR_ETCD"); p != "" {
		return executable(p, "PODDOCTOR_ETCD")
	}
	if p, err := exec.LookPath("etcd"); err == nil {
		return p, nil
	}
	return "", errors.New("etcd is not installed: apt-get install -y etcd-server (Debian, Ubuntu), or set PODDOCTOR_ETCD to an etcd binary")
}

// notBuilt is build.sh --cached's exit status when a binary was never
// built here.
const notBuilt = 3

func findAPIServer() (string, error) {
	if p := os.Getenv("PODDOCTOR_KUBE_APISERVER"); p != "" {
		return executable(p, "PODDOCTOR_KUBE_APISERVER")
	}
	script, err := buildScript()
	if err != nil {
		return "", err
	}
	if _, err := exec.LookPath("go"); err != nil {
		return "", fmt.Errorf("kube-apiserver is not built and there is no go command to build it with %s (or set PODDOCTOR_KUBE_APISERVER)", script)
	}
	args := []string{script, "--cached"}
	if os.Getenv("PODDOCTOR_REQUIRE_APISERVER") != "" {
		args = args[:1]
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command("sh", args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	if exit, ok := errors.AsType[*exec.ExitError](err); ok && exit.ExitCode() == notBuilt {
		return "", errors.New(strings.TrimSpace(lastLines(stderr.Bytes(), 1)))
	}
	if err != nil {
		return "", fmt.Errorf("build kube-apiserver with %s: %v (it needs the Go module proxy once per version; or set PODDOCTOR_KUBE_APISERVER):\n%s", script, err, lastLines(stderr.Bytes(), 20))
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	return executable(lines[len(lines)-1], script)
}

// buildScript finds test/apiserver/build.sh above the working directory,
// which go test sets to the package's directory.
func buildScript() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, "test", "apiserver", "build.sh")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("test/apiserver/build.sh not found above the working directory; set PODDOCTOR_KUBE_APISERVER to a kube-apiserver binary")
		}
		dir = parent
	}
}

func executable(path, from string) (string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("%s: %w", from, err)
	}
	if info.IsDir() || info.Mode()&0o111 == 0 {
		return "", fmt.Errorf("%s: %s is not an executable file", from, path)
	}
	return path, nil
}
