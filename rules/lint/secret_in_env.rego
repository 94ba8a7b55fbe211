# METADATA
# title: secret-in-env
# description: A container's environment variable with a secret-looking name (PASSWORD, TOKEN, API_KEY, SECRET...) has a literal value in the manifest, so the secret sits in version control, in the object for anyone who can read it, and in kubectl describe output. Names that are settings about a secret (TOKEN_TTL, TLS_SECRET_NAME, PASSWORD_MIN_LENGTH) are left out.
# custom:
#   id: secret-in-env
#   severity: warning
#   category: security
#   remedy: Put the value in a Secret and reference it with env[].valueFrom.secretKeyRef (or mount the Secret as a file); then rotate the exposed value.
#   peers: [kube-linter:env-var-secret, polaris:sensitiveContainerEnvVar]
package poddoctor.lint.secret_in_env

import data.poddoctor.lib.k8s

# The same names pkg/redact treats as secret (sources.go secretName), so
# what this rule calls a secret is what every output redacts.
secret_name := `(?i)(?:[a-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)[a-z0-9_.-]*|(?:^|_)(?:pass|pw)(?:_|$))`

# Names of well-known credentials that do not say so in words.
credential_names := {"AWS_SECRET_ACCESS_KEY", "AZURE_BATCH_KEY", "AZURE_STORAGE_KEY", "OCI_CLI_KEY_CONTENT", "GITHUB_TOKEN", "NPM_TOKEN"}

findings contains f if {
	some c in k8s.containers
	some i, e in k8s.as_array(object.get(c.spec, "env", []))
	is_object(e)
	value := object.get(e, "value", "")
	is_string(value)
	value != ""
	secret_looking(object.get(e, "name", ""), value)
	not placeholder(value)
	f := {
		"msg": sprintf("container %q sets the secret-looking variable %s to a literal value", [c.name, e.name]),
		"path": sprintf("%s.env[%d].value", [c.path, i]),
		"container": c.name,
	}
}

secret_looking(name, _) if {
	may_be_secret_name(name)
	regex.match(secret_name, name)
	not setting_name(name)
}

secret_looking(name, _) if {
	is_string(name)
	upper(name) in credential_names
}

# A private key pasted as a value, whatever the variable is called.
secret_looking(_, value) if private_key(value)

# private_key holds for text holding the armour line of a private key
# (PEM, OpenSSH, PGP: "-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN
# OPENSSH PRIVATE KEY-----", "-----BEGIN PGP PRIVATE KEY BLOCK-----"),
# also when a paste lost some of its dashes.
private_key(value) if {
	may_hold_armour(value)
	regex.match(`(?i)-+ *BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)? *-+`, value)
}

# Cheap tests before the two patterns, which are case-insensitive and
# start with a repetition, so that they are tried at every position of
# every value: lint asks them of every environment variable and every
# ConfigMap value. Each holds for every text its pattern matches, as
# pkg/redact's prefilters do. A name secret_name matches holds one of its
# words once folded: (?i) also folds the Kelvin sign to k, which lower()
# does, and the long s to s, which upper() does. An armour line holds a
# dash and BEGIN, whose letters fold only within ASCII.
secret_name_words := ["pass", "pw", "secret", "token", "key", "credential"]

# A name that is not a string is invalid-manifest's to report, not a
# failure of this rule; its value is still read for a private key.
may_be_secret_name(name) if {
	is_string(name)
	folded := lower(upper(name))
	some w in secret_name_words
	contains(folded, w)
}

may_hold_armour(value) if {
	contains(value, "-")
	contains(upper(value), "BEGIN")
}

# setting_name holds for a name that is a setting about a secret rather
# than the secret: a word of metadata_words follows its secret word
# (TOKEN_TTL, PASSWORD_MIN_LENGTH, SECRET_NAME, jwtSecretKeyRef). As
# pkg/redact's isSecretName decides.
setting_name(name) if {
	ws := words(name)
	some i, w in ws
	regex.match(`(password|passwd|pwd|secret|token|credential|apikey|accesskey|privatekey)`, w)
	some j, later in ws
	j > i
	later in metadata_words
}

# words splits a name at _ . - and where a lower-case letter or digit
# meets an upper-case one (githubTokenTTL: github, token, ttl).
words(name) := [lower(w) | some w in regex.split(`[_.\-]+`, regex.replace(name, `([a-z0-9])([A-Z])`, "${1}_${2}")); w != ""]

# metadata_words is pkg/redact's list (redact.MetadataWords); a test in
# rules/ holds the two equal.
metadata_words := {
	"age", "audience", "count", "dir", "disabled", "enabled", "endpoint", "env", "expiration", "expire",
	"expired", "expires", "expiry", "field", "file", "format", "header", "hint", "id", "interval",
	"issuer", "kind", "label", "len", "length", "lifetime", "limit", "location", "max", "min", "mode",
	"name", "names", "path", "policy", "prefix", "prompt", "provider", "ref", "refs", "required",
	"reset", "rotation", "scope", "size", "source", "store", "strategy", "timeout", "ttl", "type", "uri",
	"url", "version",
}

# Values that only point somewhere ($(OTHER_VAR) expansion, a file path,
# a boolean or a setting like "true") hold no secret.
placeholder(value) if regex.match(`^\$\([A-Za-z0-9_]+\)$`, value)

placeholder(value) if startswith(value, "/")

placeholder(value) if lower(value) in {"true", "false", "yes", "no", "none", "null", "enabled", "disabled"}
