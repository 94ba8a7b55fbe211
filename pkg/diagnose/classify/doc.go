// Package classify turns the texts that the kubelet, kube-scheduler,
// kube-controller-manager, kube-apiserver admission and the container
// runtimes (dockershim/dockerd, containerd 1.x and 2.x, CRI-O with runc or
// crun) write into events and pod status into structured fields.
//
// The functions are pure: no I/O, no client, no clock. They never panic, and
// a text they do not recognize yields the "unknown" or "other" cause with the
// message itself as Detail, so a Detail is never empty for a non-empty
// message. Every result type serializes with lowerCamelCase JSON names because
// it is part of the facts document the diagnosis policies read.
//
// One file per failure family:
//
//   - images.go: image pull failures (Failed, ErrImagePull, ImagePullBackOff,
//     ErrImageNeverPull, InvalidImageName, BackOff) → ClassifyPullMessage.
//   - crashes.go: exit codes → ExplainExitCode; containers that cannot be
//     created or started (CreateContainerConfigError, CreateContainerError,
//     RunContainerError, StartError, ContainerCannotRun) → ClassifyContainerError.
//   - scheduling.go: FailedScheduling of every kube-scheduler format from 1.5
//     on, and cluster-autoscaler's NotTriggerScaleUp → ClassifySchedulingMessage.
//   - volumes.go: FailedMount, FailedAttachVolume → ClassifyMountMessage.
//   - probes.go: Unhealthy and probe Killing events → ClassifyProbeMessage.
//   - lifecycle.go: evictions and admission rejections → ClassifyEvictionMessage;
//     controllers' FailedCreate → ClassifyFailedCreate; FailedCreatePodSandBox
//     → ClassifySandboxMessage.
//   - log.go and log_*.go: the last lines of a crashed container's log, one
//     file per family of programs (python, java, go, node, nginx, databases,
//     platform, network, exceptions) → ClassifyLog.
//
// Messages arrive wrapped: "Failed to pull image %q: rpc error: code = X desc
// = failed to pull and unpack image %q: failed to resolve reference %q: ...",
// runc's and CRI-O's log-line wrappers, old dockerd JSON bodies, event
// aggregation's "(combined from similar events): " and kubectl's field path.
// Each classifier peels the layers of its family and keeps the innermost
// useful text as Detail. The wordings each classifier knows, with the
// component and version that writes them, are the annotated cases in
// testdata (see testdata/README.md).
package classify
