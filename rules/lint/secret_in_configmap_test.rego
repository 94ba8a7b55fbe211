package poddoctor.lint.secret_in_configmap_test

import data.poddoctor.lint.secret_in_configmap as rule

configmap(entries) := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "app"}, "data": entries}

test_secret_named_keys if {
	findings := rule.findings with input as configmap({"db_user": "postgres", "db_password": "abc123", "AWS_SECRET_ACCESS_KEY": "wJalr", "OCI_CLI_KEY_CONTENT": "x"})
	{f.path | some f in findings} == {"data.db_password", "data.AWS_SECRET_ACCESS_KEY", "data.OCI_CLI_KEY_CONTENT"}
	some f in findings
	f.path == "data.db_password"
	f.msg == "ConfigMap app holds a secret-looking literal value under the key db_password"
}

test_private_key_under_any_key if {
	some f in rule.findings with input as configmap({"ssh_access": "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"})
	f.msg == "ConfigMap app holds a private key under the key ssh_access"
}

test_value_never_in_the_message if {
	findings := rule.findings with input as configmap({"API_TOKEN": "ghp_abcdef0123456789", "k": "-----BEGIN RSA PRIVATE KEY-----\nMIIE"})
	count(findings) == 2
	every f in findings {
		not contains(f.msg, "ghp_abcdef0123456789")
		not contains(f.msg, "MIIE")
	}
}

test_no_secret if {
	# Files mounted from the ConfigMap, paths, switches and empty values.
	count(rule.findings) == 0 with input as configmap({
		"message": "This is a test",
		"token-policy.json": "{\"ttl\": \"1h\"}",
		"vault-token-helper.sh": "#!/bin/sh\nexec cat /token",
		"TOKEN_FILE": "/var/run/secrets/token",
		"SECRET_ENABLED": "true",
		"PASSWORD": "",
		"TLS_SECRET_NAME": "shop-tls",
		"TOKEN_TTL": "3600",
		"tls.crt": "-----BEGIN CERTIFICATE-----\nMIIB",
	})
	count(rule.findings) == 0 with input as {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "empty"}}
	count(rule.findings) == 0 with input as {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "stringData": {"password": "x"}}
}
