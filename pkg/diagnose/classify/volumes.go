package classify

import (
	"strings"

	"github.com/poddoctor/poddoctor/internal/lazyregexp"
)

// Causes of a volume that cannot be attached or mounted, the values of
// MountFailure.Cause.
const (
	MountMissingConfigMap = "missing-configmap"
	MountMissingSecret    = "missing-secret"
	MountMissingPVC       = "missing-pvc"
	MountUnboundPVC       = "unbound-pvc"
	MountTimeout          = "timeout"
	MountMultiAttach      = "multi-attach"
	MountAttachFailed     = "attach-failed"
	MountFailed           = "mount-failed"
	MountOther            = "other"
)

// MountCauses lists every value MountFailure.Cause can take.
var MountCauses = []string{
	MountMissingConfigMap, MountMissingSecret, MountMissingPVC, MountUnboundPVC, MountTimeout,
	MountMultiAttach, MountAttachFailed, MountFailed, MountOther,
}

// MountFailure is what a FailedMount, FailedAttachVolume or FailedMapVolume
// event says.
type MountFailure struct {
	// Cause is one of MountCauses.
	Cause string `json:"cause"`
	// Volume is the pod volume (or PV name for attach errors) the message
	// names; the first unmounted one for a timeout.
	Volume string `json:"volume,omitempty"`
	// Volumes are all the unmounted volumes a timeout lists.
	Volumes []string `json:"volumes,omitempty"`
	// Object is the missing ConfigMap, Secret or PersistentVolumeClaim.
	Object string `json:"object,omitempty"`
	// Detail is the message without the kubelet's operation prefix.
	Detail string `json:"detail"`
}

var (
	// mountOpRE: kubelet operation_generator, "<Op> failed for volume %q : ...".
	mountOpRE = lazyregexp.New(`^(MountVolume\.\w+|UnmountVolume\.\w+|MapVolume\.\w+|AttachVolume\.\w+|` +
		`UnmapVolume\.\w+|MountVolume\.NewMounter initialization|MapVolume\.NewBlockVolumeMapper initialization)` +
		` failed for volume (` + quotedRE + `)` +
		// the detailed form of kubelet logs adds the unique name and the pod
		`(?: \(UniqueName: [^)]*\))?(?: pod ` + quotedRE + ` \(UID: [^)]*\))?\s*:\s*`)
	// multiAttachRE: attach/detach controller.
	multiAttachRE = lazyregexp.New(`^Multi-Attach error for volume (` + quotedRE + `)\s*`)
	// unmountedRE: kubelet 1.17+ "unmounted volumes=[a b]"; 1.16 and older
	// "list of unmounted volumes=[a b]".
	unmountedRE = lazyregexp.New(`unmounted volumes=\[([^\]]*)\]`)
	// unableLayers are the kubelet's FailedMount wrappers around a wait error.
	unableLayers = []*lazyregexp.Regexp{
		prefixRE(`Unable to attach or mount volumes: `),
		prefixRE(`Unable to mount volumes for pod ` + quotedRE + `: `),
	}
	// pvcProcessingRE: kubelet desired_state_of_world_populator, "error
	// processing PVC %s/%s: %v" (%q/%q before 1.16).
	pvcProcessingRE = lazyregexp.New(`error processing PVC "?[^"/\s]+"?/"?([^"\s:]+)"?: (.*)$`)
	pvcNotFoundRE   = lazyregexp.New(`persistentvolumeclaims? (` + quotedRE + `) not found`)
)

// ClassifyMountMessage classifies a volume failure. reason is the event reason
// (FailedMount, FailedAttachVolume, FailedMapVolume); message the event message.
func ClassifyMountMessage(reason, message string) MountFailure {
	msg := normalize(message)
	f := MountFailure{}
	lower := strings.ToLower(msg)

	if m := multiAttachRE.FindStringSubmatch(msg); m != nil {
		f.Cause, f.Volume = MountMultiAttach, unquote(m[1])
		f.Detail = detailOr(msg, message)
		return f
	}

	if m := mountOpRE.FindStringSubmatch(msg); m != nil {
		op := m[1]
		f.Volume = unquote(m[2])
		inner := msg[len(m[0]):]
		f.Detail = detailOr(inner, message)
		innerLower := strings.ToLower(inner)
		switch {
		case mountObject(&f, inner):
		case strings.HasPrefix(op, "AttachVolume"):
			f.Cause = MountAttachFailed
		case containsAny(innerLower, "failed to sync configmap cache", "failed to sync secret cache",
			"timed out waiting for the condition"):
			f.Cause = MountTimeout
		case strings.Contains(innerLower, "not registered"):
			// kubelet's watch-based manager before the pod is registered.
			f.Cause = MountOther
		default:
			f.Cause = MountFailed
		}
		return f
	}

	if reason == "FailedAttachVolume" || strings.Contains(lower, "attachvolume") {
		f.Cause = MountAttachFailed
		f.Detail = detailOr(msg, message)
		return f
	}

	inner := peel(msg, unableLayers)
	f.Detail = detailOr(inner, message)
	if m := unmountedRE.FindStringSubmatch(msg); m != nil {
		f.Volumes = strings.Fields(m[1])
		if len(f.Volumes) > 0 {
			f.Volume = f.Volumes[0]
		}
	}
	switch {
	case mountObject(&f, inner):
	case containsAny(lower, "timed out waiting for the condition", "context deadline exceeded",
		"timeout expired waiting for volumes"):
		f.Cause = MountTimeout
	default:
		f.Cause = MountOther
	}
	return f
}

// mountObject recognizes a missing ConfigMap, Secret or PVC in text and
// fills Cause and Object.
func mountObject(f *MountFailure, text string) bool {
	if m := pvcProcessingRE.FindStringSubmatch(text); m != nil {
		f.Object = m[1]
		if strings.Contains(m[2], "not bound") {
			f.Cause = MountUnboundPVC
		} else if strings.Contains(m[2], "not found") {
			f.Cause = MountMissingPVC
		} else {
			f.Cause = MountOther
		}
		return true
	}
	if name, ok := submatch(pvcNotFoundRE, text); ok && name != "" {
		f.Cause, f.Object = MountMissingPVC, name
		return true
	}
	if name, ok := submatch(configMapNotFoundRE, text); ok && name != "" {
		f.Cause, f.Object = MountMissingConfigMap, name
		return true
	}
	if name, ok := submatch(secretNotFoundRE, text); ok && name != "" {
		f.Cause, f.Object = MountMissingSecret, name
		return true
	}
	return false
}
