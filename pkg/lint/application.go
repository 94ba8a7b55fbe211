package lint

import (
	"os"
	"path/filepath"
)

// Cross-object rules (a Service and the pods it selects, a Secret and the
// env keys read from it, an autoscaler and its target) compare objects of
// one application: the files of one Helm chart or one kustomization. A
// directory holding several charts is several applications, and a Service
// of one chart matching the pods of another would be a false answer. A
// file outside any chart or kustomization belongs to the run's common
// group, which holds every such file of the run: plain manifests in a
// directory are usually one application.

// applicationMarkers are the files that make a directory an application.
var applicationMarkers = []string{"Chart.yaml", "kustomization.yaml", "kustomization.yml", "Kustomization"}

// applications assigns each file its application: the outermost directory
// above it that holds a Chart.yaml or a kustomization (the outermost, so
// that a chart's subcharts, rendered into one release, stay with it), or
// "" for the common group.
type applications struct {
	byDir map[string]string
}

func newApplications() *applications {
	return &applications{byDir: map[string]string{}}
}

func (a *applications) of(file string) string {
	if file == "" || file == "-" {
		return ""
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return ""
	}
	return a.dir(filepath.Dir(abs))
}

// dir returns the application of a directory, remembering every answer.
func (a *applications) dir(dir string) string {
	if app, ok := a.byDir[dir]; ok {
		return app
	}
	app := ""
	if parent := filepath.Dir(dir); parent != dir {
		app = a.dir(parent)
	}
	if app == "" && isApplicationDir(dir) {
		app = dir
	}
	a.byDir[dir] = app
	return app
}

func isApplicationDir(dir string) bool {
	for _, m := range applicationMarkers {
		if info, err := os.Stat(filepath.Join(dir, m)); err == nil && info.Mode().IsRegular() {
			return true
		}
	}
	return false
}
