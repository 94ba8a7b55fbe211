package ci

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

const repo = "../.."

// stubPoddoctor writes a fake poddoctor that records its arguments, one per
// line, prints a report and exits with code.
func stubPoddoctor(t *testing.T, dir string, code int) (bin, argsFile string) {
	t.Helper()
	bin = filepath.Join(dir, "poddoctor")
	argsFile = filepath.Join(dir, "args")
	script := "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > " + argsFile + "\necho '{\"report\":true}'\nexit " + string(rune('0'+code)) + "\n"
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return bin, argsFile
}

func runScript(t *testing.T, dir string, env []string, shell, script string) (int, string) {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join(repo, script))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(shell, abs)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if exit, ok := err.(*exec.ExitError); ok {
		return exit.ExitCode(), string(out)
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, string(out)
}

func TestLintScript(t *testing.T) {
	tests := []struct {
		name       string
		stubExit   int
		env        []string
		wantExit   int
		wantArgs   []string
		wantOutput string
	}{
		{
			name:       "defaults: sarif report, error gate, current directory",
			stubExit:   0,
			wantExit:   0,
			wantArgs:   []string{"lint", "--fail-on", "error", "-o", "sarif", "--", "."},
			wantOutput: "exit-code=0\nreport=poddoctor.sarif\n",
		},
		{
			name:     "findings leave the gate to the action's last step",
			stubExit: 1,
			env: []string{
				"PODDOCTOR_PATHS=deploy/\n  charts/web  *.yaml", "PODDOCTOR_FAIL_ON=warning",
				"PODDOCTOR_FORMAT=codeclimate", "PODDOCTOR_OUTPUT=gl-code-quality.json",
				"PODDOCTOR_ARGS=--policy policies\n--disable latest-tag",
			},
			wantExit:   0,
			wantArgs:   []string{"lint", "--fail-on", "warning", "-o", "codeclimate", "--policy", "policies", "--disable", "latest-tag", "--", "deploy/", "charts/web", "*.yaml"},
			wantOutput: "exit-code=1\nreport=gl-code-quality.json\n",
		},
		{
			name:       "a run that could not be done fails the step",
			stubExit:   2,
			wantExit:   2,
			wantArgs:   []string{"lint", "--fail-on", "error", "-o", "sarif", "--", "."},
			wantOutput: "exit-code=2\nreport=poddoctor.sarif\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			// A file that "*.yaml" would match if the script let the shell glob.
			if err := os.WriteFile(filepath.Join(dir, "x.yaml"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
			bin, argsFile := stubPoddoctor(t, dir, tt.stubExit)
			outputs := filepath.Join(dir, "github_output")
			env := append([]string{"PODDOCTOR_BIN=" + bin, "GITHUB_OUTPUT=" + outputs}, tt.env...)
			code, out := runScript(t, dir, env, "bash", "scripts/ci/lint.sh")
			if code != tt.wantExit {
				t.Fatalf("exit %d, want %d; output:\n%s", code, tt.wantExit, out)
			}
			gotArgs, err := os.ReadFile(argsFile)
			if err != nil {
				t.Fatal(err)
			}
			if want := strings.Join(tt.wantArgs, "\n") + "\n"; string(gotArgs) != want {
				t.Errorf("poddoctor ran with\n%s\nwant\n%s", gotArgs, want)
			}
			gotOutputs, _ := os.ReadFile(outputs)
			if string(gotOutputs) != tt.wantOutput {
				t.Errorf("GITHUB_OUTPUT = %q, want %q", gotOutputs, tt.wantOutput)
			}
			report := strings.TrimPrefix(strings.Split(tt.wantOutput, "\n")[1], "report=")
			if data, err := os.ReadFile(filepath.Join(dir, report)); err != nil || string(data) != "{\"report\":true}\n" {
				t.Errorf("report %s = %q, %v", report, data, err)
			}
		})
	}
}

// fakeRelease lays out a release as GitHub serves it: base/TAG/archive and
// base/TAG/checksums.txt, with a poddoctor inside the archive that prints
// "installed".
func fakeRelease(t *testing.T, tag string, corrupt bool) string {
	t.Helper()
	base := t.TempDir()
	dir := filepath.Join(base, tag)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	body := []byte("#!/bin/sh\necho installed\n")
	for _, name := range []string{"README.md", "poddoctor"} {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o755, Size: int64(len(body))}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(body); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	archive := "poddoctor_" + strings.TrimPrefix(tag, "v") + "_" + runtime.GOOS + "_" + runtime.GOARCH + ".tar.gz"
	if err := os.WriteFile(filepath.Join(dir, archive), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(buf.Bytes())
	digest := hex.EncodeToString(sum[:])
	if corrupt {
		digest = strings.Repeat("0", 64)
	}
	checksums := digest + "  " + archive + "\n" + strings.Repeat("1", 64) + "  poddoctor_other.zip\n"
	if err := os.WriteFile(filepath.Join(dir, "checksums.txt"), []byte(checksums), 0o644); err != nil {
		t.Fatal(err)
	}
	return base
}

func TestInstallScript(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skipf("install.sh is tested on linux and darwin; this is %s", runtime.GOOS)
	}
	if _, err := exec.LookPath("curl"); err != nil {
		if _, err := exec.LookPath("wget"); err != nil {
			t.Fatal("install.sh needs curl or wget, and neither is on PATH")
		}
	}
	t.Run("a pinned release is checked and installed", func(t *testing.T) {
		base := fakeRelease(t, "v0.5.0", false)
		dest := filepath.Join(t.TempDir(), "bin")
		githubPath := filepath.Join(t.TempDir(), "github_path")
		code, out := runScript(t, t.TempDir(), []string{
			"PODDOCTOR_VERSION=v0.5.0", "PODDOCTOR_DOWNLOAD_BASE=file://" + base,
			"PODDOCTOR_INSTALL_DIR=" + dest, "GITHUB_PATH=" + githubPath,
		}, "sh", "scripts/ci/install.sh")
		if code != 0 {
			t.Fatalf("exit %d:\n%s", code, out)
		}
		got, err := exec.Command(filepath.Join(dest, "poddoctor")).Output()
		if err != nil || string(got) != "installed\n" {
			t.Fatalf("installed binary printed %q, %v", got, err)
		}
		if p, _ := os.ReadFile(githubPath); string(p) != dest+"\n" {
			t.Errorf("GITHUB_PATH = %q, want %q", p, dest+"\n")
		}
		if _, err := os.Stat(filepath.Join(dest, "README.md")); err == nil {
			t.Errorf("install.sh copied more than the binary")
		}
	})
	t.Run("a checksum mismatch installs nothing", func(t *testing.T) {
		base := fakeRelease(t, "v0.5.0", true)
		dest := filepath.Join(t.TempDir(), "bin")
		code, out := runScript(t, t.TempDir(), []string{
			"PODDOCTOR_VERSION=v0.5.0", "PODDOCTOR_DOWNLOAD_BASE=file://" + base, "PODDOCTOR_INSTALL_DIR=" + dest,
		}, "sh", "scripts/ci/install.sh")
		if code == 0 || !strings.Contains(out, "checksum mismatch") {
			t.Fatalf("exit %d, want a checksum failure:\n%s", code, out)
		}
		if _, err := os.Stat(filepath.Join(dest, "poddoctor")); err == nil {
			t.Errorf("a binary was installed despite the mismatch")
		}
	})
	t.Run("a version that is not a tag is refused", func(t *testing.T) {
		code, out := runScript(t, t.TempDir(), []string{"PODDOCTOR_VERSION=latest", "PODDOCTOR_INSTALL_DIR=" + t.TempDir()}, "sh", "scripts/ci/install.sh")
		if code == 0 || !strings.Contains(out, "not a release tag") {
			t.Fatalf("exit %d:\n%s", code, out)
		}
	})
}

// TestKubectlCompleteScript checks the plugin-completion program hands every
// word to kubectl-poddoctor's __complete command unchanged.
func TestKubectlCompleteScript(t *testing.T) {
	dir := t.TempDir()
	record := filepath.Join(dir, "args")
	stub := "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > " + record + "\n"
	if err := os.WriteFile(filepath.Join(dir, "kubectl-poddoctor"), []byte(stub), 0o755); err != nil {
		t.Fatal(err)
	}
	code, out := runScript(t, dir, []string{"PATH=" + dir + ":" + os.Getenv("PATH")}, "sh", "scripts/kubectl_complete-poddoctor")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	script, err := filepath.Abs(filepath.Join(repo, "scripts/kubectl_complete-poddoctor"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(script, "diagnose", "-n", "")
	cmd.Env = append(os.Environ(), "PATH="+dir+":"+os.Getenv("PATH"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	got, _ := os.ReadFile(record)
	if want := "__complete\ndiagnose\n-n\n\n"; string(got) != want {
		t.Errorf("kubectl-poddoctor got %q, want %q", got, want)
	}
}
