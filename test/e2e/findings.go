package e2e

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Finding is what the e2e reads of `poddoctor diagnose -o json`.
type Finding struct {
	Rule   string `json:"rule"`
	Object struct {
		Kind      string `json:"kind"`
		Namespace string `json:"namespace"`
		Name      string `json:"name"`
	} `json:"object"`
	Container string   `json:"container"`
	Message   string   `json:"message"`
	Evidence  []string `json:"evidence"`
}

// ParseFindings reads the JSON report.
func ParseFindings(data []byte) ([]Finding, error) {
	var report struct {
		Findings []Finding `json:"findings"`
	}
	if err := json.Unmarshal(data, &report); err != nil {
		return nil, fmt.Errorf("parse poddoctor's JSON: %w: %.300s", err, data)
	}
	return report.Findings, nil
}

// Text is the finding's message and evidence, for substring checks.
func (f Finding) Text() string {
	return f.Message + "\n" + strings.Join(f.Evidence, "\n")
}

// Want is one expected finding of a scenario: on an object of Kind that
// carries the scenario's label, rule Rule in Container ("" for the object
// as a whole), Count times (pods of a Job: one each), its message and
// evidence containing every Evidence string, and, live, every LogEvidence
// string (what only the container's log says; a saved snapshot has no log).
type Want struct {
	Kind        string
	Rule        string
	Container   string
	Count       int
	Evidence    []string
	LogEvidence []string
}

// Key names a finding by scenario rather than by generated object name.
func Key(kind, scenario, rule, container string) string {
	k := kind + " " + scenario + " " + rule
	if container != "" {
		k += " " + container
	}
	return k
}

// ScenarioWants are the findings every scenario of testdata/scenarios.yaml
// must produce, and no other: the rule a person who knows Kubernetes would
// name for what the real components wrote. The healthy scenario must
// produce nothing.
var ScenarioWants = map[string][]Want{
	// terminationMessagePolicy FallbackToLogsOnError: the kubelet copies the
	// log's last lines into lastState.terminated.message, so the cause is in
	// the pod's status too, offline.
	"crash":             {{Kind: "Pod", Rule: "crash-loop", Container: "app", Evidence: []string{"exit code 1", "fatal: cannot connect to postgres at db:5432", "Back-off restarting failed container app", "(x"}, LogEvidence: []string{"starting payments worker"}}},
	"segfault":          {{Kind: "Pod", Rule: "crash-loop", Container: "app", Evidence: []string{"exit code 139"}, LogEvidence: []string{"loading native thumbnail library"}}},
	"oom":               {{Kind: "Pod", Rule: "oom-killed", Container: "app", Evidence: []string{"OOMKilled", "16Mi"}, LogEvidence: []string{"warming cache"}}},
	"completed":         {{Kind: "Pod", Rule: "container-completed-restarting", Container: "app", Evidence: []string{"Completed"}}},
	"command-not-found": {{Kind: "Pod", Rule: "command-not-found", Container: "app", Evidence: []string{"nginxx"}}},
	"missing-configmap": {{Kind: "Pod", Rule: "missing-configmap", Container: "app", Evidence: []string{`configmap "app-config" not found`}}},
	"missing-key":       {{Kind: "Pod", Rule: "missing-config-key", Container: "app", Evidence: []string{"DB_HOST", "app-config-present"}}},
	// A Secret volume is mount-failed (missing-secret is for environment references).
	"missing-secret": {{Kind: "Pod", Rule: "mount-failed", Evidence: []string{`secret "db-creds" not found`}}},
	// The kubelet kills the container for its liveness probe and backs off
	// restarting it (CrashLoopBackOff, exit 137): one cause, one finding.
	"liveness":             {{Kind: "Pod", Rule: "liveness-probe-failing", Container: "app", Evidence: []string{"Liveness probe failed", "failed liveness probe, will be restarted"}}},
	"readiness":            {{Kind: "Pod", Rule: "readiness-probe-failing", Container: "app", Evidence: []string{"Readiness probe failed", "connection refused"}}},
	"init-fails":           {{Kind: "Pod", Rule: "init-container-failing", Container: "wait-for-db", Evidence: []string{"exit code 2"}, LogEvidence: []string{"db:5432 - no response"}}},
	"image-typo":           {{Kind: "Pod", Rule: "image-typo", Container: "app", Evidence: []string{"localhost:5000/library/ngnx:1.27", "nginx:1.27"}}},
	"missing-tag":          {{Kind: "Pod", Rule: "image-not-found", Container: "app", Evidence: []string{"localhost:5000/library/nginx:1.99"}}},
	"registry-unreachable": {{Kind: "Pod", Rule: "image-registry-unreachable", Container: "app", Evidence: []string{"127.0.0.1:5999", "connection refused"}}},
	"too-big":              {{Kind: "Pod", Rule: "unschedulable-resources", Evidence: []string{"Insufficient cpu"}}},
	"no-node-match":        {{Kind: "Pod", Rule: "unschedulable-affinity", Evidence: []string{"node affinity/selector"}}},
	"missing-pvc":          {{Kind: "Pod", Rule: "unschedulable-volumes", Evidence: []string{`persistentvolumeclaim "data" not found`}}},
	"quota":                {{Kind: "ReplicaSet", Rule: "pod-create-failed", Evidence: []string{"exceeded quota: gpu-budget"}}},
	"stuck-rollout": {
		{Kind: "Deployment", Rule: "rollout-stuck", Evidence: []string{"ProgressDeadlineExceeded"}},
		{Kind: "Pod", Rule: "image-not-found", Container: "web", Evidence: []string{"localhost:5000/library/nginx:1.28"}},
	},
	"job": {
		{Kind: "Job", Rule: "job-backoff-limit", Evidence: []string{"BackoffLimitExceeded"}},
		{Kind: "Pod", Rule: "container-failed", Container: "export", Count: 2, Evidence: []string{"exit code 1"}, LogEvidence: []string{"export: bucket s3://reports not found"}},
	},
	// `kubectl exec kill-one -- kill 1`, twice: the container ended cleanly
	// and was restarted; explained at info level.
	"kill-one": {{Kind: "Pod", Rule: "container-restarted-cleanly", Container: "app", Evidence: []string{"Completed", "2 restarts", "kill 1"}}},
	// Cross-container causes: the log's cause, and the sibling that explains it, are in the
	// message (from the termination message offline, FallbackToLogsOnError).
	"two-on-one-port":    {{Kind: "Pod", Rule: "crash-loop", Container: "admin", Evidence: []string{"already in use", `container "web" of the same pod declares containerPort 8080`}, LogEvidence: []string{"httpd: bind: Address already in use"}}},
	"watcher-wrong-port": {{Kind: "Pod", Rule: "crash-loop", Container: "watcher", Evidence: []string{"the connection to 127.0.0.1:8080 was refused", "no container of this pod declares port 8080 (web declares 80)"}, LogEvidence: []string{"Connecting to 127.0.0.1:8080"}}},
	"shared-volume-path": {{Kind: "Pod", Rule: "crash-loop", Container: "reader", Evidence: []string{`volume "shared", which container "writer" mounts at /data and this container mounts at /shared: the file is at /shared/ready.txt here`}}},
	"healthy":            nil,
}

// Compare checks findings against ScenarioWants. scenarioOf maps
// "Kind/name" to the object's e2e-scenario label; live says the findings
// come from a live cluster (with logs). It returns what is missing, what is
// extra, and which wanted findings lack their evidence.
func Compare(findings []Finding, scenarioOf map[string]string, live bool) (missing, extra, weak []string) {
	got := map[string][]Finding{}
	for _, f := range findings {
		sc := scenarioOf[f.Object.Kind+"/"+f.Object.Name]
		if sc == "" {
			sc = "?" + f.Object.Name
		}
		k := Key(f.Object.Kind, sc, f.Rule, f.Container)
		got[k] = append(got[k], f)
	}
	want := map[string]bool{}
	for sc, ws := range ScenarioWants {
		for _, w := range ws {
			k := Key(w.Kind, sc, w.Rule, w.Container)
			want[k] = true
			n := max(w.Count, 1)
			fs := got[k]
			if len(fs) < n {
				missing = append(missing, fmt.Sprintf("%s (%d of %d)", k, len(fs), n))
				continue
			}
			if len(fs) > n {
				extra = append(extra, fmt.Sprintf("%s (%d, want %d)", k, len(fs), n))
			}
			evidence := w.Evidence
			if live {
				evidence = append(slices.Clip(evidence), w.LogEvidence...)
			}
			for _, f := range fs {
				for _, e := range evidence {
					if !strings.Contains(f.Text(), e) {
						weak = append(weak, fmt.Sprintf("%s on %s/%s: no %q in %q", k, f.Object.Kind, f.Object.Name, e, f.Text()))
					}
				}
			}
		}
	}
	for k, fs := range got {
		if !want[k] {
			for _, f := range fs {
				extra = append(extra, fmt.Sprintf("%s on %s/%s: %s", k, f.Object.Kind, f.Object.Name, f.Message))
			}
		}
	}
	slices.Sort(missing)
	slices.Sort(extra)
	slices.Sort(weak)
	return missing, extra, weak
}

// KeySet is the sorted list of finding keys (object, rule, container), the
// identity compared between live and offline diagnosis.
func KeySet(findings []Finding) []string {
	var keys []string
	for _, f := range findings {
		keys = append(keys, fmt.Sprintf("%s %s/%s %s %s", f.Object.Kind, f.Object.Namespace, f.Object.Name, f.Rule, f.Container))
	}
	slices.Sort(keys)
	return keys
}

// EvidenceOf checks the wanted findings of the given scenarios only, with
// their Evidence (not LogEvidence), in findings read from a source that
// lacks other scenarios' objects (a cluster-info dump saves no Jobs).
func EvidenceOf(findings []Finding, scenarioOf map[string]string, scenarios ...string) []string {
	var problems []string
	for _, sc := range scenarios {
		for _, w := range ScenarioWants[sc] {
			found := false
			for _, f := range findings {
				if scenarioOf[f.Object.Kind+"/"+f.Object.Name] != sc || f.Rule != w.Rule || f.Container != w.Container {
					continue
				}
				found = true
				for _, e := range w.Evidence {
					if !strings.Contains(f.Text(), e) {
						problems = append(problems, fmt.Sprintf("%s: no %q in %q", Key(w.Kind, sc, w.Rule, w.Container), e, f.Text()))
					}
				}
			}
			if !found {
				problems = append(problems, "missing "+Key(w.Kind, sc, w.Rule, w.Container))
			}
		}
	}
	return problems
}
