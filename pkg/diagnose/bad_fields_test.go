package diagnose

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// crashLoopingPod is a pod as `kubectl get pod -o json` prints it, whose
// container exits with status 1 and is in back-off (kubelet 1.29 wording);
// BAD_FIELD is replaced by each test case's field of the wrong type.
const crashLoopingPod = `{
  "apiVersion": "v1", "kind": "Pod",
  "metadata": {"name": "api-0", "namespace": "shop", "uid": "u-1", "creationTimestamp": "2026-11-25T07:40:02Z"},
  "spec": {"containers": [{"name": "api", "image": "registry.example.com/shop/api:2.3.1"}]},
  "status": {
    "phase": "Running",
    "startTime": "2026-11-25T07:40:02Z",
    "containerStatuses": [{
      "name": "api", "image": "registry.example.com/shop/api:2.3.1", "ready": false,
      "restartCount": 6,
      "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 2m40s restarting failed container=api pod=api-0_shop(u-1)"}},
      "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "startedAt": "2026-11-25T07:47:30Z", "finishedAt": "2026-11-25T07:47:31Z"}}
    }]
  }
}`

// TestOneBadFieldNeverDropsAPod gives a crash-looping pod one field of the
// wrong type at a time. The pod is still diagnosed from what could be read,
// and an input-ignored finding, in the output with the others, names the
// field that was left out.
func TestOneBadFieldNeverDropsAPod(t *testing.T) {
	tests := []struct {
		name, from, to, field string
	}{
		{"restartCount as a string", `"restartCount": 6`, `"restartCount": "5"`, "status.containerStatuses[0].restartCount"},
		{"restartCount as a fraction", `"restartCount": 6`, `"restartCount": 5.5`, "status.containerStatuses[0].restartCount"},
		{"exit code out of range", `"exitCode": 1,`, `"exitCode": 99999999999,`, "status.containerStatuses[0].lastState.terminated.exitCode"},
		{"timestamp yesterday", `"startTime": "2026-11-25T07:40:02Z"`, `"startTime": "yesterday"`, "status.startTime"},
		{"finishedAt yesterday", `"finishedAt": "2026-11-25T07:47:31Z"`, `"finishedAt": "yesterday"`, "status.containerStatuses[0].lastState.terminated.finishedAt"},
		{"ready of the wrong type", `"ready": false`, `"ready": "no"`, "status.containerStatuses[0].ready"},
	}
	d, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(crashLoopingPod, tt.from) {
				t.Fatalf("the pod has no %s", tt.from)
			}
			file := filepath.Join(t.TempDir(), "pod.json")
			if err := os.WriteFile(file, []byte(strings.Replace(crashLoopingPod, tt.from, tt.to, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			snap, err := snapshot.Load([]string{file}, nil)
			if err != nil {
				t.Fatal(err)
			}
			result, err := d.Diagnose(context.Background(), snap, Filter{})
			if err != nil {
				t.Fatal(err)
			}
			var diagnosed, ignored bool
			for _, f := range result.Findings {
				switch {
				case f.Rule == RuleInputIgnored:
					ignored = true
					if !strings.Contains(f.Message, tt.field) || f.Object.Name != "api-0" || f.Location == nil || f.Location.File != file {
						t.Errorf("input-ignored finding %+v does not name the field %s, the pod and the file", f, tt.field)
					}
				case f.Object.Name == "api-0" && f.Severity.String() == "error":
					diagnosed = true
				}
			}
			if !diagnosed {
				t.Errorf("the pod was not diagnosed; findings: %+v", result.Findings)
			}
			if !ignored {
				t.Errorf("no input-ignored finding names %s", tt.field)
			}
		})
	}
}
