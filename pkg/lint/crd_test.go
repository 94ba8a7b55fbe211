package lint

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A CRD given with --crd checks custom resources of an input that does not
// hold it, with the API server's messages and a did-you-mean.
func TestCustomResourceAgainstCRDPaths(t *testing.T) {
	dir := t.TempDir()
	cr := filepath.Join(dir, "cert.yaml")
	if err := os.WriteFile(cr, []byte(`apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: web
spec:
  secretName: web-tls
  issuerRef:
    nmae: letsencrypt
`), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := New(context.Background(), Options{CRDPaths: []string{"../../testdata/crd"}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := l.LintPaths(context.Background(), []string{cr}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		if f.Rule == RuleCustomResource {
			got = append(got, f.Message)
		}
	}
	want := []string{
		`spec.issuerRef.name: Required value (CRD certificates.cert-manager.io)`,
		`unknown field "nmae" in Certificate spec.issuerRef.nmae (CRD certificates.cert-manager.io): did you mean "name"?`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestCRDPathWithoutCRDIsAnError(t *testing.T) {
	_, err := New(context.Background(), Options{CRDPaths: []string{"../../testdata/lint/probes.yaml"}})
	if err == nil || !strings.Contains(err.Error(), "no apiextensions.k8s.io/v1 CustomResourceDefinition") {
		t.Fatalf("err = %v, want a --crd error", err)
	}
}

// A CRD object itself is not a custom resource to check.
func TestCRDItselfIsNotChecked(t *testing.T) {
	l, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := l.LintPaths(context.Background(), []string{"../../testdata/crd/cert-manager-certificates.yaml"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		if f.Rule == RuleCustomResource {
			t.Errorf("unexpected %s", f.Message)
		}
	}
}

// ServiceMonitors rendered by kube-prometheus-stack raise nothing against
// its CRD; the broken one raises exactly its two mistakes.
func TestServiceMonitorsOfKubePrometheusStack(t *testing.T) {
	l, err := New(context.Background(), Options{CRDPaths: []string{"../../testdata/crd/prometheus-operator-servicemonitors.yaml"}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := l.LintPaths(context.Background(), []string{"../../testdata/crd/resources/servicemonitors.yaml"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		if f.Rule == RuleCustomResource {
			got = append(got, f.Object.Name+": "+f.Message)
		}
	}
	want := []string{
		`broken: spec.endpoints[0].scheme: Unsupported value: "ftp": supported values: "http", "https", "HTTP", "HTTPS" (CRD servicemonitors.monitoring.coreos.com)`,
		`broken: unknown field "intervl" in ServiceMonitor spec.endpoints[0].intervl (CRD servicemonitors.monitoring.coreos.com): did you mean "interval"?`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
