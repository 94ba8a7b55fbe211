# METADATA
# title: image-pull-rate-limited
# description: The registry refused the pull because the pull rate limit was reached (toomanyrequests, 429), as Docker Hub does for anonymous and free accounts.
# custom:
#   id: image-pull-rate-limited
#   severity: warning
#   category: images
#   remedy: Authenticate pulls with an imagePullSecret (authenticated accounts get a higher limit), mirror the image into your own registry, or use a pull-through cache; the kubelet retries on its own once the limit resets.
package poddoctor.diagnose.image_pull_rate_limited

import data.poddoctor.lib.diagnose as d

findings contains f if {
	some c in d.pull_failing
	c.pullFailure.cause == "rate-limited"
	f := {
		"msg": sprintf("the %s %q cannot be pulled: the registry's pull rate limit was reached for %q", [d.kind_word(c), c.name, c.image]),
		"container": c.name,
		"path": sprintf("%s.image", [c.path]),
		"evidence": d.pull_evidence(c),
	}
}
