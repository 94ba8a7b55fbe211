package redact

import (
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

func TestValuesFromManifest(t *testing.T) {
	secret := map[string]any{
		"kind":       "Secret",
		"data":       map[string]any{"password": "czNjcjN0LXBhc3M="}, // s3cr3t-pass
		"stringData": map[string]any{"token": "plain-token-value"},
	}
	got := ValuesFromManifest(secret)
	for _, want := range []string{"czNjcjN0LXBhc3M=", "s3cr3t-pass", "plain-token-value"} {
		if !slices.Contains(got, want) {
			t.Errorf("ValuesFromManifest(Secret) = %q, missing %q", got, want)
		}
	}
	deployment := map[string]any{
		"kind": "Deployment",
		"spec": map[string]any{"template": map[string]any{"spec": map[string]any{"containers": []any{
			map[string]any{"name": "api", "env": []any{
				map[string]any{"name": "DB_PASSWORD", "value": "literal-db-pass"},
				map[string]any{"name": "REDIS_PASS", "value": "redis-pass-1"},
				map[string]any{"name": "COMPASS_URL", "value": "http://compass"},
				map[string]any{"name": "LOG_LEVEL", "value": "debug"},
			}},
		}}}},
	}
	if got := ValuesFromManifest(deployment); !slices.Equal(got, []string{"literal-db-pass", "redis-pass-1"}) {
		t.Errorf("ValuesFromManifest(Deployment) = %q, want only the password", got)
	}
}

func TestValuesFromManifestConfigMapAndPrivateKeys(t *testing.T) {
	key := "---BEGIN OPENSSH PRIVATE KEY---\nb3BlbnNzaC1rZXk\n---END OPENSSH PRIVATE KEY---"
	configMap := map[string]any{
		"kind": "ConfigMap",
		"data": map[string]any{"db_password": "abc123", "db_user": "postgres", "ssh": key},
	}
	got := ValuesFromManifest(configMap)
	slices.Sort(got)
	if want := []string{key, "abc123"}; !slices.Equal(got, want) {
		t.Errorf("ValuesFromManifest(ConfigMap) = %q, want %q", got, want)
	}
	pod := map[string]any{"kind": "Pod", "spec": map[string]any{"containers": []any{
		map[string]any{"name": "a", "env": []any{map[string]any{"name": "the_good_stuff", "value": key}}},
	}}}
	if got := ValuesFromManifest(pod); !slices.Equal(got, []string{key}) {
		t.Errorf("ValuesFromManifest(Pod) = %q, want the private key", got)
	}
}

func TestValuesFromPods(t *testing.T) {
	pods := []corev1.Pod{{Spec: corev1.PodSpec{Containers: []corev1.Container{{Env: []corev1.EnvVar{
		{Name: "API_TOKEN", Value: "tok-123456"},
		{Name: "PORT", Value: "8080"},
		{Name: "SECRET_FROM_REF", ValueFrom: &corev1.EnvVarSource{}},
	}}}}}}
	if got := ValuesFromPods(pods); !slices.Equal(got, []string{"tok-123456"}) {
		t.Errorf("ValuesFromPods = %q", got)
	}
}
