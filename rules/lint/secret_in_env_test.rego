package poddoctor.lint.secret_in_env_test

import data.poddoctor.lint.secret_in_env as rule

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_literal_secret if {
	findings := rule.findings with input as pod({"containers": [{"name": "a", "image": "a:1", "env": [{"name": "DB_PASSWORD", "value": "hunter2"}, {"name": "AWS_SECRET_ACCESS_KEY", "value": "x"}, {"name": "LOG_LEVEL", "value": "debug"}]}]})
	{f.path | some f in findings} == {"spec.containers[0].env[0].value", "spec.containers[0].env[1].value"}
}

test_references_and_placeholders if {
	count(rule.findings) == 0 with input as pod({"containers": [{"name": "a", "image": "a:1", "env": [
		{"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
		{"name": "TOKEN_FILE", "value": "/var/run/secrets/token"},
		{"name": "API_TOKEN", "value": "$(TOKEN_FROM_SECRET)"},
		{"name": "SECRET_ENABLED", "value": "true"},
	]}]})
}

test_private_key_value if {
	count(rule.findings) == 1 with input as pod({"containers": [{"name": "a", "image": "a:1", "env": [{"name": "TLS", "value": "-----BEGIN RSA PRIVATE KEY-----\nMII"}]}]})
}

test_private_key_whatever_its_armour if {
	count(rule.findings) == 1 with input as pod({"containers": [{"name": "a", "image": "a:1", "env": [{"name": "DEPLOY", "value": "---BEGIN OPENSSH PRIVATE KEY---\nb3Blbn\n---END OPENSSH PRIVATE KEY---"}]}]})
	count(rule.findings) == 1 with input as pod({"containers": [{"name": "a", "image": "a:1", "env": [{"name": "SIGNING", "value": "-----BEGIN PGP PRIVATE KEY BLOCK-----\nlQ"}]}]})
	# A public key or a certificate is no secret.
	count(rule.findings) == 0 with input as pod({"containers": [{"name": "a", "image": "a:1", "env": [{"name": "CA", "value": "-----BEGIN CERTIFICATE-----\nMII"}, {"name": "PUB", "value": "-----BEGIN PUBLIC KEY-----\nMII"}]}]})
}

test_settings_about_secrets if {
	count(rule.findings) == 0 with input as pod({"containers": [{"name": "a", "image": "a:1", "env": [
		{"name": "TOKEN_TTL", "value": "3600"},
		{"name": "PASSWORD_MIN_LENGTH", "value": "12"},
		{"name": "TLS_SECRET_NAME", "value": "shop-tls"},
		{"name": "jwtSecretKeyRef", "value": "signing"},
	]}]})
	# The secret word last: a secret.
	count(rule.findings) == 2 with input as pod({"containers": [{"name": "a", "image": "a:1", "env": [
		{"name": "ADMIN_PASSWORD", "value": "pa55word"},
		{"name": "githubToken", "value": "ghp_0123456789"},
	]}]})
}

# The cheap tests before the patterns answer as the patterns do: for the
# characters (?i) folds into their words from beyond ASCII, the Kelvin
# sign (K, U+212A) and the long s (U+017F), for any mix of cases, and
# for names and values that hold none of the words.
test_prefilters_agree_with_the_patterns if {
	names := ["API_\u212aEY", "\u017fECRET", "Db_PaSsWoRd", "REDIS_PW", "githubToken", "PORT", "LOG_LEVEL", "COMPASS", "kelvin", "", "é_TOKEN"]
	matched := {n | some n in names; regex.match(rule.secret_name, n)}
	count(matched) == 6
	count({n | some n in matched; not rule.may_be_secret_name(n)}) == 0
	values := ["-----BEGIN RSA PRIVATE KEY-----", "---begin openssh private key---", "- BeGiN EC PRIVATE KEY -", "BEGIN PRIVATE KEY", "-----BEGIN CERTIFICATE-----", "plain", "a-b"]
	armoured := {v | some v in values; regex.match(`(?i)-+ *BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)? *-+`, v)}
	count(armoured) == 3
	count({v | some v in armoured; not rule.may_hold_armour(v)}) == 0
	count(rule.findings) == 2 with input as pod({"containers": [{"name": "a", "image": "a:1", "env": [
		{"name": "API_\u212aEY", "value": "k-123"},
		{"name": "\u017fECRET", "value": "s-123"},
		{"name": "COMPASS_URL", "value": "http://compass"},
	]}]})
}

# An env var whose name is not a string (the API server rejects it, and
# invalid-manifest says so) fails no rule; a private key in its value is
# still found.
test_name_of_the_wrong_type if {
	count(rule.findings) == 0 with input as pod({"containers": [{"name": "a", "image": "a:1", "env": [{"name": 7, "value": "x"}]}]})
	count(rule.findings) == 1 with input as pod({"containers": [{"name": "a", "image": "a:1", "env": [{"name": 7, "value": "-----BEGIN RSA PRIVATE KEY-----\nMII"}]}]})
}

