# METADATA
# title: image-pull-unauthorized
# description: The registry refused the pull for lack of valid credentials (401 Unauthorized, 403 Forbidden, authentication required).
# custom:
#   id: image-pull-unauthorized
#   severity: error
#   category: images
#   remedy: Create a docker-registry Secret with credentials that can read the image (kubectl create secret docker-registry) and reference it in imagePullSecrets of the pod or its ServiceAccount; check the secret is in the pod's namespace and not expired.
package poddoctor.diagnose.image_pull_unauthorized

import data.poddoctor.lib.diagnose as d

findings contains f if {
	some c in d.pull_failing
	c.pullFailure.cause == "unauthorized"
	not d.typo_suggestion(c)
	f := {
		"msg": sprintf("the %s %q cannot be pulled: the registry%s refused the credentials for %q: %s%s", [d.kind_word(c), c.name, registry(c), c.image, c.pullFailure.detail, anonymous(c)]),
		"container": c.name,
		"path": sprintf("%s.image", [c.path]),
		"evidence": d.pull_evidence(c),
	}
}

registry(c) := sprintf(" %s", [c.pullFailure.registry]) if c.pullFailure.registry

registry(c) := "" if not c.pullFailure.registry

# anonymous says what a refused anonymous pull cannot tell apart.
anonymous(c) := "; the pull was anonymous (no credentials were sent), and a registry answering an anonymous pull cannot tell a private repository from a missing one, so check the image name as well" if c.pullFailure.anonymous

anonymous(c) := "" if not c.pullFailure.anonymous
