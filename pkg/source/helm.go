package source

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"helm.sh/helm/v4/pkg/chart/common"
	chartutil "helm.sh/helm/v4/pkg/chart/common/util"
	chart "helm.sh/helm/v4/pkg/chart/v2"
	"helm.sh/helm/v4/pkg/chart/v2/loader"
	chartv2util "helm.sh/helm/v4/pkg/chart/v2/util"
	"helm.sh/helm/v4/pkg/engine"
	"helm.sh/helm/v4/pkg/strvals"
	"sigs.k8s.io/yaml"
)

// HelmOptions are what `helm template` takes to render a chart.
type HelmOptions struct {
	// ValuesFiles are -f/--values files, merged in order (later wins).
	ValuesFiles []string
	// Set, SetString and SetFile are --set, --set-string and --set-file
	// expressions (key=value,...), applied after the values files.
	Set, SetString, SetFile []string
	// ReleaseName is .Release.Name; empty means "release-name", as helm
	// template names it.
	ReleaseName string
	// Namespace is .Release.Namespace; empty means "default".
	Namespace string
	// KubeVersion is .Capabilities.KubeVersion, such as "1.31" or
	// "v1.31.2"; empty means helm's default.
	KubeVersion string
	// APIVersions are added to .Capabilities.APIVersions.
	APIVersions []string
}

// File is one rendered input to lint: Name is how findings name it before
// they are mapped back.
type File struct {
	Name string
	Data []byte
}

// ErrMissingDependency is wrapped by the error of a chart whose Chart.yaml
// names a dependency that is not in its charts/ directory.
var ErrMissingDependency = errors.New("missing chart dependency")

// IsChart reports whether path is a Helm chart: a directory holding
// Chart.yaml, or a packaged chart (.tgz).
func IsChart(p string) bool {
	info, err := os.Stat(p)
	if err != nil {
		return false
	}
	if info.IsDir() {
		_, err := os.Stat(filepath.Join(p, "Chart.yaml"))
		return err == nil
	}
	return strings.HasSuffix(p, ".tgz") || strings.HasSuffix(p, ".tar.gz")
}

// Chart is a rendered chart: the rendered manifests, one File per template,
// and what is needed to map findings back to the templates and values.
type Chart struct {
	// Files are the rendered templates, named by their path as a person
	// finds it (chartdir/templates/x.yaml, chartdir/charts/sub/templates/x.yaml).
	Files []File
	// TemplateErrors are templates helm could not render, as positions.
	TemplateErrors []TemplateError

	templates map[string]*templateInfo // by File.Name
}

// templateInfo is one rendered template with what maps findings back.
type templateInfo struct {
	index    *templateIndex
	rendered []byte
	values   []valuesSource // in precedence order, highest first
	starts   []objectStart  // of the rendered objects, read when first needed
	defines  map[string]*namedTemplate
}

// TemplateError is a template helm failed to render.
type TemplateError struct {
	File    string
	Line    int
	Column  int
	Message string
}

// RenderChart renders a chart directory or packaged chart as `helm template`
// does, in-process and offline.
func RenderChart(chartPath string, opts HelmOptions) (*Chart, error) {
	ch, err := loader.Load(chartPath)
	if err != nil {
		return nil, fmt.Errorf("load chart %s: %w", chartPath, err)
	}
	if err := checkDependencies(ch, ""); err != nil {
		return nil, fmt.Errorf("chart %s: %w", chartPath, err)
	}
	userValues, userSources, err := mergeUserValues(opts)
	if err != nil {
		return nil, err
	}
	if err := chartv2util.ProcessDependencies(ch, userValues); err != nil {
		return nil, fmt.Errorf("chart %s: dependencies: %w", chartPath, err)
	}
	caps := common.DefaultCapabilities.Copy()
	if opts.KubeVersion != "" {
		kv, err := common.ParseKubeVersion(opts.KubeVersion)
		if err != nil {
			return nil, fmt.Errorf("--kube-version %q: %w", opts.KubeVersion, err)
		}
		caps.KubeVersion = *kv
	}
	caps.APIVersions = append(slices.Clone(caps.APIVersions), opts.APIVersions...)
	if ch.Metadata.KubeVersion != "" && !chartv2util.IsCompatibleRange(ch.Metadata.KubeVersion, caps.KubeVersion.String()) {
		return nil, fmt.Errorf("chart %s requires kubeVersion %s, which is incompatible with Kubernetes %s (set --kube-version)", chartPath, ch.Metadata.KubeVersion, caps.KubeVersion.Version)
	}
	release := common.ReleaseOptions{Name: opts.ReleaseName, Namespace: opts.Namespace, IsInstall: true, Revision: 1}
	if release.Name == "" {
		release.Name = "release-name"
	}
	if release.Namespace == "" {
		release.Namespace = "default"
	}
	vals, err := chartutil.ToRenderValuesWithSchemaValidation(ch, userValues, release, caps, schemaNeedsNetwork(ch))
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", chartPath, err)
	}

	out := &Chart{templates: map[string]*templateInfo{}}
	display := displayRoot(chartPath, ch)
	rendered, err := engine.Engine{}.Render(ch, vals)
	if err != nil {
		te := parseTemplateError(err)
		te.File = displayTemplate(display, ch.Name(), te.File)
		out.TemplateErrors = append(out.TemplateErrors, te)
		return out, nil
	}
	sources := chartSources(ch, display)
	defines := map[string]*namedTemplate{}
	for _, name := range slices.Sorted(maps.Keys(sources)) {
		findDefines(displayTemplate(display, ch.Name(), name), sources[name].text, defines)
	}
	for _, name := range slices.Sorted(maps.Keys(rendered)) {
		content := rendered[name]
		base := path.Base(name)
		if strings.HasPrefix(base, "_") || base == "NOTES.txt" || strings.TrimSpace(content) == "" {
			continue
		}
		file := displayTemplate(display, ch.Name(), name)
		out.Files = append(out.Files, File{Name: file, Data: []byte(content)})
		src := sources[name]
		info := &templateInfo{rendered: []byte(content), defines: defines}
		if src.text != nil {
			info.index = indexTemplate(src.text)
		}
		info.values = append(userSources.under(src.prefix), src.values...)
		out.templates[file] = info
	}
	return out, nil
}

// checkDependencies makes a dependency named in Chart.yaml but absent from
// charts/ an error that names it, at any depth.
func checkDependencies(ch *chart.Chart, parent string) error {
	var missing []string
	for _, dep := range ch.Metadata.Dependencies {
		found := false
		for _, sub := range ch.Dependencies() {
			if sub.Name() == dep.Name {
				found = true
				break
			}
		}
		if !found {
			missing = append(missing, dep.Name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: %s%s not in the charts/ directory; run `helm dependency build` first (poddoctor does not download charts)",
			ErrMissingDependency, parent, strings.Join(missing, ", "))
	}
	for _, sub := range ch.Dependencies() {
		if err := checkDependencies(sub, parent+sub.Name()+"/charts/"); err != nil {
			return err
		}
	}
	return nil
}

// schemaNeedsNetwork reports whether a values schema of the chart refers to
// an http(s) document; such a schema is not checked, since poddoctor never
// goes to the network.
func schemaNeedsNetwork(ch *chart.Chart) bool {
	if s := string(ch.Schema); strings.Contains(s, `"http://`) || strings.Contains(s, `"https://`) {
		if strings.Contains(s, `"$ref"`) {
			return true
		}
	}
	for _, sub := range ch.Dependencies() {
		if schemaNeedsNetwork(sub) {
			return true
		}
	}
	return false
}

// mergeUserValues merges the values files and --set flags as helm does:
// files in order, then --set, --set-string, --set-file.
func mergeUserValues(opts HelmOptions) (map[string]any, userValues, error) {
	base := map[string]any{}
	var sources userValues
	for _, f := range opts.ValuesFiles {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, nil, fmt.Errorf("--values: %w", err)
		}
		current := map[string]any{}
		if err := yaml.Unmarshal(data, &current); err != nil {
			return nil, nil, fmt.Errorf("--values %s: %w", f, err)
		}
		base = mergeMaps(base, current)
		sources = append(sources, newValuesSource(f, data))
	}
	for _, s := range opts.Set {
		if err := strvals.ParseInto(s, base); err != nil {
			return nil, nil, fmt.Errorf("--set %q: %w", s, err)
		}
	}
	for _, s := range opts.SetString {
		if err := strvals.ParseIntoString(s, base); err != nil {
			return nil, nil, fmt.Errorf("--set-string %q: %w", s, err)
		}
	}
	for _, s := range opts.SetFile {
		reader := func(rs []rune) (any, error) {
			data, err := os.ReadFile(string(rs))
			return string(data), err
		}
		if err := strvals.ParseIntoFile(s, base, reader); err != nil {
			return nil, nil, fmt.Errorf("--set-file %q: %w", s, err)
		}
	}
	slices.Reverse(sources) // the last file wins
	return base, sources, nil
}

// mergeMaps merges b into a, recursively for nested maps, as helm merges
// values files.
func mergeMaps(a, b map[string]any) map[string]any {
	out := make(map[string]any, len(a))
	maps.Copy(out, a)
	for k, v := range b {
		if vm, ok := v.(map[string]any); ok {
			if am, ok := out[k].(map[string]any); ok {
				out[k] = mergeMaps(am, vm)
				continue
			}
		}
		out[k] = v
	}
	return out
}

// displayRoot is the path findings start chart files with: the chart
// directory as given, or, for a packaged chart, the chart's name.
func displayRoot(chartPath string, ch *chart.Chart) string {
	if info, err := os.Stat(chartPath); err == nil && info.IsDir() {
		return filepath.Clean(chartPath)
	}
	return ch.Name()
}

// displayTemplate turns helm's template name ("mychart/charts/sub/templates/x.yaml")
// into the path a person opens ("./mychart-dir/charts/sub/templates/x.yaml").
func displayTemplate(root, chartName, name string) string {
	rest, ok := strings.CutPrefix(name, chartName+"/")
	if !ok {
		return name
	}
	return filepath.ToSlash(filepath.Join(root, rest))
}

// chartSource is a template's text and the values files it reads.
type chartSource struct {
	text   []byte
	values []valuesSource // highest precedence first
	prefix []string       // the subchart's key path in the top chart's values
}

// chartSources lists every template of the chart and its subcharts by
// helm's template name, with the values files that feed it: a subchart's
// own values.yaml, overridden by its parents' under its name.
func chartSources(top *chart.Chart, display string) map[string]chartSource {
	out := map[string]chartSource{}
	var walk func(ch *chart.Chart, helmPrefix, dir string, keyPath []string, parents []valuesSource)
	walk = func(ch *chart.Chart, helmPrefix, dir string, keyPath []string, parents []valuesSource) {
		own := valuesSource{}
		for _, f := range ch.Raw {
			if f.Name == "values.yaml" {
				own = newValuesSource(filepath.ToSlash(filepath.Join(dir, "values.yaml")), f.Data)
			}
		}
		vs := slices.Clone(parents)
		if own.file != "" {
			vs = append(vs, own)
		}
		for _, t := range ch.Templates {
			out[path.Join(helmPrefix, t.Name)] = chartSource{text: t.Data, values: vs, prefix: keyPath}
		}
		for _, sub := range ch.Dependencies() {
			alias := sub.Name()
			for _, d := range ch.Metadata.Dependencies {
				if d.Name == sub.Name() && d.Alias != "" {
					alias = d.Alias
				}
			}
			var subParents []valuesSource
			for _, p := range vs {
				subParents = append(subParents, p.under(alias))
			}
			walk(sub, path.Join(helmPrefix, "charts", sub.Name()), filepath.Join(dir, "charts", sub.Name()), append(slices.Clone(keyPath), alias), subParents)
		}
	}
	walk(top, top.Name(), display, nil, nil)
	return out
}
