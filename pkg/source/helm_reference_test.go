package source

import (
	"context"
	"testing"

	"helm.sh/helm/v4/pkg/action"
	"helm.sh/helm/v4/pkg/chart/common"
	"helm.sh/helm/v4/pkg/chart/v2/loader"
	release "helm.sh/helm/v4/pkg/release/v1"
)

// helmTemplate renders a chart with the Helm SDK's install action as
// `helm template` does (dry run, client only): the reference poddoctor's
// rendering is held to.
func helmTemplate(t *testing.T, dir string, opts HelmOptions) string {
	t.Helper()
	ch, err := loader.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	vals, _, err := mergeUserValues(opts)
	if err != nil {
		t.Fatal(err)
	}
	install := action.NewInstall(&action.Configuration{})
	install.DryRunStrategy = action.DryRunClient
	install.ReleaseName = opts.ReleaseName
	if install.ReleaseName == "" {
		install.ReleaseName = "release-name"
	}
	install.Namespace = opts.Namespace
	if install.Namespace == "" {
		install.Namespace = "default"
	}
	install.Replace = true
	if opts.KubeVersion != "" {
		kv, err := common.ParseKubeVersion(opts.KubeVersion)
		if err != nil {
			t.Fatal(err)
		}
		install.KubeVersion = kv
	}
	install.APIVersions = opts.APIVersions
	rel, err := install.RunWithContext(context.Background(), ch, vals)
	if err != nil {
		t.Fatal(err)
	}
	r := rel.(*release.Release)
	out := r.Manifest
	for _, h := range r.Hooks {
		out += "\n---\n# Source: " + h.Path + "\n" + h.Manifest
	}
	return out
}
