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
