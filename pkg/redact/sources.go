package redact

import (
	"encoding/base64"

	"github.com/poddoctor/poddoctor/internal/lazyregexp"
	corev1 "k8s.io/api/core/v1"
)

// secretName matches environment variable names that announce a secret:
// the words of secretKey, and PASS or PW as a word of their own (DB_PASS,
// REDIS_PW), which would be too loose inside free text.
var secretName = lazyregexp.New(`(?i)(?:` + secretKey + `|(?:^|_)(?:pass|pw)(?:_|$))`)

// privateKeyArmour finds the armour line of a private key (PEM, OpenSSH,
// PGP), also when a paste lost some of its dashes; the lint rules
// secret-in-env and secret-in-configmap report such values.
var privateKeyArmour = lazyregexp.New(`(?i)-+ *BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)? *-+`)

// matchesSecretName says whether secretName matches name.
func matchesSecretName(name string) bool {
	return mayBeSecretName(name) && secretName.MatchString(name)
}

// holdsArmour says whether privateKeyArmour matches s.
func holdsArmour(s string) bool {
	return mayHoldArmour(s) && privateKeyArmour.MatchString(s)
}

// ValuesFromManifest returns the secret values one manifest object holds:
// the data (decoded) and stringData of a Secret, the values of a
// ConfigMap's secret-named keys, and the literal values of environment
// variables with secret-looking names anywhere in the object; and any of
// these values that holds a private key, whatever it is called.
func ValuesFromManifest(obj map[string]any) []string {
	var out []string
	if obj["kind"] == "ConfigMap" {
		if data, ok := obj["data"].(map[string]any); ok {
			for k, v := range data {
				if s, ok := v.(string); ok && s != "" && (matchesSecretName(k) || holdsArmour(s)) {
					out = append(out, s)
				}
			}
		}
	}
	if obj["kind"] == "Secret" {
		if data, ok := obj["data"].(map[string]any); ok {
			for _, v := range data {
				if s, ok := v.(string); ok {
					out = append(out, s)
					if decoded, err := base64.StdEncoding.DecodeString(s); err == nil {
						out = append(out, string(decoded))
					}
				}
			}
		}
		if data, ok := obj["stringData"].(map[string]any); ok {
			for _, v := range data {
				if s, ok := v.(string); ok {
					out = append(out, s)
				}
			}
		}
	}
	walkEnv(obj, func(name, value string) {
		if matchesSecretName(name) || holdsArmour(value) {
			out = append(out, value)
		}
	})
	return out
}

// walkEnv calls fn for every {name, value} pair of every "env" list in v.
func walkEnv(v any, fn func(name, value string)) {
	switch x := v.(type) {
	case map[string]any:
		for key, child := range x {
			if key == "env" {
				if list, ok := child.([]any); ok {
					for _, item := range list {
						if e, ok := item.(map[string]any); ok {
							name, _ := e["name"].(string)
							value, _ := e["value"].(string)
							if value != "" {
								fn(name, value)
							}
						}
					}
				}
			}
			walkEnv(child, fn)
		}
	case []any:
		for _, child := range x {
			walkEnv(child, fn)
		}
	}
}

// ValuesFromPods returns the literal values of environment variables with
// secret-looking names in the pods' containers: what a live or saved pod
// spec can leak into a finding.
func ValuesFromPods(pods []corev1.Pod) []string {
	var out []string
	for i := range pods {
		spec := &pods[i].Spec
		for _, list := range [][]corev1.Container{spec.InitContainers, spec.Containers} {
			for _, c := range list {
				for _, e := range c.Env {
					if e.Value != "" && matchesSecretName(e.Name) {
						out = append(out, e.Value)
					}
				}
			}
		}
	}
	return out
}
