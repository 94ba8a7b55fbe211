# METADATA
# title: secret-in-configmap
# description: A ConfigMap holds what looks like a secret - a key named like one (PASSWORD, TOKEN, API_KEY, AWS_SECRET_ACCESS_KEY...) with a literal value, or a private key in any value. ConfigMaps are not meant for secrets - RBAC grants read access to them widely (the view ClusterRole reads every ConfigMap, but no Secret), they are not encrypted at rest when Secrets are, and their values show in kubectl describe. Keys that name a file (redis.conf, token-policy.json) are judged by their value only. The value never appears in the finding.
# custom:
#   id: secret-in-configmap
#   severity: warning
#   category: security
#   remedy: Move the value to a Secret and mount or reference it from there (envFrom secretRef, a secret volume); then rotate the exposed value.
#   peers: [polaris:sensitiveConfigmapContent]
package poddoctor.lint.secret_in_configmap

import data.poddoctor.lint.secret_in_env as env

findings contains f if {
	input.kind == "ConfigMap"
	entries := object.get(input, "data", {})
	is_object(entries)
	some key, value in entries
	is_string(key)
	is_string(value)
	value != ""
	reason := secret_reason(key, value)
	f := {
		"msg": sprintf("ConfigMap %s holds %s under the key %s", [input.metadata.name, reason, key]),
		"path": sprintf("data.%s", [key]),
	}
}

# A private key is one whatever its key is called.
secret_reason(key, value) := "a private key" if {
	env.private_key(value)
} else := "a secret-looking literal value" if {
	not file_name(key)
	env.secret_looking(key, value)
	not env.placeholder(value)
	not multi_line(value)
}

# file_name holds for a key that names a file mounted from the ConfigMap
# (grafana.ini, token-policy.json): the name says what the file is about,
# not that it is a secret.
file_name(key) if regex.match(`\.[A-Za-z0-9]{1,10}$`, key)

# A multi-line value is a file's content, not one secret.
multi_line(value) if contains(value, "\n")
