package report

import "github.com/poddoctor/poddoctor/pkg/finding"

// The fixtures are deliberately out of order: every renderer must sort them.

func lintFixture() []finding.Finding {
	web := finding.ObjectRef{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "shop", Name: "web"}
	db := finding.ObjectRef{APIVersion: "apps/v1", Kind: "StatefulSet", Namespace: "shop", Name: "db"}
	dbService := finding.ObjectRef{APIVersion: "v1", Kind: "Service", Namespace: "shop", Name: "db"}
	return []finding.Finding{
		{
			Rule:     "privileged",
			Severity: finding.Error,
			Object:   db,
			Location: &finding.Location{File: "deploy/db.yaml", Line: 31, Column: 13},
			Path:     "spec.template.spec.containers[0].securityContext.privileged",
			Message:  "container postgres runs privileged, with every capability of the node",
			Remedy:   "remove securityContext.privileged, or add only the capabilities it needs",
		},
		{
			Rule:     "latest-tag",
			Severity: finding.Warning,
			Object:   web,
			Location: &finding.Location{File: "deploy/web.yaml", Line: 21, Column: 18},
			Path:     "spec.template.spec.containers[0].image",
			Message:  `image "nginx:latest" uses the mutable tag latest`,
			Remedy:   "pin a version tag or a digest, e.g. nginx:1.27.3",
		},
		{
			Rule:     "no-readiness-probe",
			Severity: finding.Info,
			Object:   web,
			Location: &finding.Location{File: "deploy/web.yaml", Line: 19, Column: 11},
			Path:     "spec.template.spec.containers[0]",
			Message:  "container web has no readiness probe; traffic reaches it as soon as it starts",
			Remedy:   "add a readinessProbe that checks the port the container serves",
		},
		{
			Rule:     "image-typo",
			Severity: finding.Error,
			Object:   web,
			Location: &finding.Location{File: "deploy/web.yaml", Line: 27, Column: 18},
			Path:     "spec.template.spec.containers[1].image",
			Message:  `image "ngnix:1.27" looks like a typo of "nginx:1.27"`,
			Remedy:   "correct the image name",
			Fix: &finding.Fix{Path: "spec.template.spec.containers[1].image", Value: "nginx:1.27",
				Edit: &finding.TextEdit{File: "deploy/web.yaml", Line: 27, Column: 18, EndColumn: 28, Text: "nginx:1.27"}},
		},
		{
			Rule:     "selector-mismatch",
			Severity: finding.Warning,
			Object:   dbService,
			Location: &finding.Location{File: "deploy/db.yaml", Line: 48, Column: 5},
			Path:     "spec.selector",
			Message:  "selector app=database, tier=data matches no pod template in the input",
			Remedy:   "make the selector match the labels of spec.template.metadata.labels in StatefulSet db (app: db)",
		},
		{
			Rule:     "invalid-manifest",
			Severity: finding.Error,
			Location: &finding.Location{File: "jobs/nightly backup.yaml", Line: 7, Column: 9},
			Message:  "yaml: line 7: mapping values are not allowed in this context",
			Remedy:   "fix the YAML syntax; the rest of the file was not checked",
		},
	}
}

func lintSuppressedFixture() []finding.Finding {
	return []finding.Finding{{
		Rule:     "run-as-root",
		Severity: finding.Warning,
		Object:   finding.ObjectRef{APIVersion: "apps/v1", Kind: "StatefulSet", Namespace: "shop", Name: "db"},
		Location: &finding.Location{File: "deploy/db.yaml", Line: 29, Column: 9},
		Path:     "spec.template.spec.securityContext",
		Message:  "pod template does not set runAsNonRoot; containers may run as root",
		Remedy:   "set securityContext.runAsNonRoot: true and a non-zero runAsUser",
	}}
}

func lintRules() []finding.Rule {
	return []finding.Rule{
		{ID: "privileged", Engine: "lint", Severity: finding.Error, Category: "security",
			Description: "Containers must not run privileged",
			Remedy:      "remove securityContext.privileged, or add only the capabilities it needs",
			DocURL:      "https://github.com/poddoctor/poddoctor/blob/main/docs/rules.md#privileged"},
		{ID: "latest-tag", Engine: "lint", Severity: finding.Warning, Category: "images",
			Description: "Image uses a mutable tag: latest, or none at all",
			Remedy:      "pin a version tag or a digest",
			DocURL:      "https://github.com/poddoctor/poddoctor/blob/main/docs/rules.md#latest-tag"},
		{ID: "image-typo", Engine: "lint", Severity: finding.Error, Category: "images",
			Description: "Image name is one typo away from a well-known image",
			Remedy:      "correct the image name",
			DocURL:      "https://github.com/poddoctor/poddoctor/blob/main/docs/rules.md#image-typo"},
		{ID: "no-readiness-probe", Engine: "lint", Severity: finding.Info, Category: "reliability",
			Description: "Serving container has no readiness probe",
			Remedy:      "add a readinessProbe"},
		{ID: "selector-mismatch", Engine: "lint", Severity: finding.Warning, Category: "networking",
			Description: "Service selector matches no pod template",
			Remedy:      "make the selector match the pod template labels"},
		{ID: "run-as-root", Engine: "lint", Severity: finding.Warning, Category: "security",
			Description: "Pod may run as root",
			Remedy:      "set runAsNonRoot"},
		// invalid-manifest is left out on purpose: SARIF must still describe it.
	}
}

func lintOptions() Options {
	return Options{
		ToolVersion: "0.4.0",
		Rules:       lintRules(),
		Suppressed:  lintSuppressedFixture(),
		Engine:      EngineLint,
	}
}

func diagnoseFixture() []finding.Finding {
	web := &finding.ObjectRef{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "shop", Name: "web"}
	api := &finding.ObjectRef{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "shop", Name: "api"}
	db := &finding.ObjectRef{APIVersion: "apps/v1", Kind: "StatefulSet", Namespace: "shop", Name: "db"}
	pod := func(ns, name string) finding.ObjectRef {
		return finding.ObjectRef{APIVersion: "v1", Kind: "Pod", Namespace: ns, Name: name}
	}
	imageTypo := func(name, age string) finding.Finding {
		return finding.Finding{
			Rule:      "image-typo",
			Severity:  finding.Error,
			Object:    pod("shop", name),
			Owner:     web,
			Container: "web",
			Path:      "spec.containers[0].image",
			Message:   `image "ngnix:1.27" does not exist; did you mean "nginx:1.27"?`,
			Evidence: []string{
				`Warning  Failed  ` + age + ` (x4 over ` + age + `)  kubelet  Failed to pull image "ngnix:1.27": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/ngnix:1.27": failed to resolve reference "docker.io/library/ngnix:1.27": docker.io/library/ngnix:1.27: not found`,
				`Warning  Failed  ` + age + ` (x4 over ` + age + `)  kubelet  Error: ErrImagePull`,
				`Normal  BackOff  ` + age + ` (x15 over ` + age + `)  kubelet  Back-off pulling image "ngnix:1.27"`,
			},
			Remedy: "fix the image name: kubectl -n shop set image deployment/web web=nginx:1.27",
			Fix:    &finding.Fix{Path: "spec.template.spec.containers[0].image", Value: "nginx:1.27"},
		}
	}
	readiness := func(name string) finding.Finding {
		return finding.Finding{
			Rule:      "readiness-failing",
			Severity:  finding.Warning,
			Object:    pod("shop", name),
			Owner:     api,
			Container: "api",
			Message:   "pod " + name + " is not ready: its readiness probe got HTTP 503 twelve times in 6m",
			Evidence: []string{
				"Warning  Unhealthy  28s (x12 over 6m)  kubelet  Readiness probe failed: HTTP probe failed with statuscode: 503",
			},
			Remedy: "check what /healthz depends on: kubectl -n shop logs " + name + " -c api --tail=50",
		}
	}
	return []finding.Finding{
		imageTypo("web-7d9c5b6f4-tz9wq", "4m58s"),
		{
			Rule:      "crash-loop",
			Severity:  finding.Error,
			Object:    pod("shop", "db-0"),
			Owner:     db,
			Container: "postgres",
			Message:   "container postgres is in CrashLoopBackOff: it exited with code 1 six times in 5m",
			Evidence: []string{
				"Last state: Terminated (Error), exit code 1, finished 41s ago",
				"Warning  BackOff  41s (x6 over 5m2s)  kubelet  Back-off restarting failed container postgres in pod db-0_shop(3f0c7a52-6d1e-4f0e-9a63-8c1f4f2d9e11)",
				"| 2026-03-14 03:02:11.412 UTC [1] FATAL:  password authentication failed for user \"app\"",
				"| 2026-03-14 03:02:11.413 UTC [1] DETAIL:  Connection matched file \"/var/lib/postgresql/data/pg_hba.conf\" line 99: \"host all all all scram-sha-256\"",
			},
			Remedy: "the password in Secret db-credentials does not match the database; compare them: kubectl -n shop get secret db-credentials -o jsonpath='{.data.password}' | base64 -d",
		},
		imageTypo("web-7d9c5b6f4-2xkqp", "5m1s"),
		readiness("api-5f6d8b9c7-qw7zn"),
		{
			Rule:     "unschedulable",
			Severity: finding.Warning,
			Object:   pod("shop", "db-1"),
			Owner:    db,
			Message:  "pod db-1 has been Pending for 58m: no node has 4Gi of memory free",
			Evidence: []string{
				"Warning  FailedScheduling  3m (x12 over 58m)  default-scheduler  0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
			},
			Remedy: "lower resources.requests.memory of container postgres, or add a node with more memory",
		},
		{
			Rule:      "oom-killed",
			Severity:  finding.Error,
			Object:    pod("ops", "debug-shell"),
			Container: "shell",
			Message:   "container shell was OOMKilled: it used more than its 64Mi memory limit",
			Evidence: []string{
				"Last state: Terminated (OOMKilled), exit code 137, finished 3m ago",
				"Restart count: 3",
			},
			Remedy: "raise resources.limits.memory above 64Mi, or find what grows",
		},
		imageTypo("web-7d9c5b6f4-8fj2m", "4m59s"),
		{
			Rule:     "evicted",
			Severity: finding.Info,
			Object:   pod("ops", "cleanup-29031840-mz4kd"),
			Message:  "pod was evicted 2h ago: The node was low on resource: ephemeral-storage.",
			Remedy:   "evicted pods are not deleted automatically: kubectl -n ops delete pod cleanup-29031840-mz4kd",
		},
		readiness("api-5f6d8b9c7-h2lxd"),
		{
			Rule:     "node-pressure",
			Severity: finding.Warning,
			Object:   finding.ObjectRef{APIVersion: "v1", Kind: "Node", Name: "worker-2"},
			Message:  "node worker-2 reports DiskPressure since 40m ago, so the kubelet evicts pods",
			Evidence: []string{"Condition DiskPressure=True, reason KubeletHasDiskPressure, since 40m"},
			Remedy:   "free disk on worker-2 (images, logs, emptyDir volumes): kubectl debug node/worker-2 -it --image=busybox -- df -h /host/var/lib",
		},
	}
}

func diagnoseRules() []finding.Rule {
	return []finding.Rule{
		{ID: "image-typo", Engine: "diagnose", Severity: finding.Error, Category: "images",
			Description: "Image does not exist and is one typo away from a well-known image",
			Remedy:      "correct the image name"},
		{ID: "crash-loop", Engine: "diagnose", Severity: finding.Error, Category: "crashes",
			Description: "Container keeps crashing",
			Remedy:      "read the last log lines and the exit code"},
		{ID: "unschedulable", Engine: "diagnose", Severity: finding.Warning, Category: "scheduling",
			Description: "Pod cannot be scheduled",
			Remedy:      "lower requests or add capacity"},
		{ID: "readiness-failing", Engine: "diagnose", Severity: finding.Warning, Category: "probes",
			Description: "Readiness probe keeps failing",
			Remedy:      "check what the probe depends on"},
		{ID: "oom-killed", Engine: "diagnose", Severity: finding.Error, Category: "crashes",
			Description: "Container was killed for using too much memory",
			Remedy:      "raise the memory limit or fix the leak"},
		{ID: "evicted", Engine: "diagnose", Severity: finding.Info, Category: "lifecycle",
			Description: "Pod was evicted",
			Remedy:      "delete the evicted pod"},
		{ID: "node-pressure", Engine: "diagnose", Severity: finding.Warning, Category: "nodes",
			Description: "Node reports resource pressure",
			Remedy:      "free the resource on the node"},
	}
}

func diagnoseOptions() Options {
	return Options{
		ToolVersion: "0.4.0",
		Rules:       diagnoseRules(),
		Engine:      EngineDiagnose,
		// shop/api is missing on purpose: its blocks say "2 pods", not "2 of N".
		OwnerPods: map[string]int{
			"Deployment shop/web": 3,
			"StatefulSet shop/db": 3,
		},
	}
}
