package lint

import "github.com/poddoctor/poddoctor/pkg/manifest"

// policyInputOf is the document the policies read for obj. It is obj's
// own data, except for an object written with the wrong API group for a
// kind Kubernetes serves (`apiVersion: v1` with `kind: Deployment`):
// unknown-kind reports that, with the apiVersion to write, and the
// policies then read the object as if that fix were made. A compiler goes
// on past a typo the same way: the author fixes the apiVersion and learns
// at once what else is wrong with the Deployment (a root container, no
// limits), rather than on the next run. Only the top-level map is copied;
// the object itself is never changed, so its findings keep their file,
// line and the apiVersion the file holds.
func policyInputOf(obj *manifest.Object) map[string]any {
	apiVersion, ok := servedAPIVersionOf(obj)
	if !ok {
		return obj.Data
	}
	fixed := make(map[string]any, len(obj.Data))
	for k, v := range obj.Data {
		fixed[k] = v
	}
	fixed["apiVersion"] = apiVersion
	return fixed
}
