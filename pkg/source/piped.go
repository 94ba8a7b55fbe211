package source

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// sourceComment starts the comment helm template writes before every
// document it renders: "# Source: mychart/templates/deployment.yaml".
const sourceComment = "# Source: "

// Piped is `helm template` output read from a stream, such as standard
// input: every document knows its template from helm's # Source: comment.
type Piped struct {
	name      string // how findings name the stream ("<stdin>")
	lineOwner []int  // for each line of the stream (from 1), its template in sources, or -1
	lineIn    []int  // for each line of the stream, its line in its template's rendered text
	sources   []pipedSource
}

// pipedSource is one template named by # Source: comments, with its
// documents joined as helm rendered them.
type pipedSource struct {
	template string
	info     *templateInfo // nil when the template file is not on disk
}

// ParsePiped reads the # Source: comments of rendered helm output; ok is
// false when there are none, and the stream is plain manifests.
func ParsePiped(name string, data []byte) (*Piped, bool) {
	if !bytes.Contains(data, []byte(sourceComment)) {
		return nil, false
	}
	lines := strings.Split(string(data), "\n")
	p := &Piped{name: name, lineOwner: make([]int, len(lines)+1), lineIn: make([]int, len(lines)+1)}
	index := map[string]int{}
	var texts []*strings.Builder
	current := -1
	start := 0 // first line of the current document
	for i, line := range lines {
		if strings.HasPrefix(line, "---") {
			current, start = -1, i+1
		}
		if tpl, ok := strings.CutPrefix(strings.TrimRight(line, "\r"), sourceComment); ok && current < 0 {
			tpl = strings.TrimSpace(tpl)
			n, seen := index[tpl]
			if !seen {
				n = len(p.sources)
				index[tpl] = n
				p.sources = append(p.sources, pipedSource{template: tpl})
				texts = append(texts, &strings.Builder{})
			} else {
				texts[n].WriteString("---\n")
			}
			current = n
			// The lines of this document before the comment belong to it too.
			for j := start; j < i; j++ {
				p.assign(j, n, texts[n], lines[j])
			}
		}
		if current >= 0 {
			p.assign(i, current, texts[current], line)
		} else {
			p.lineOwner[i+1] = -1
		}
	}
	for i := range p.sources {
		info, onDisk := templateOnDisk(p.sources[i].template, []byte(texts[i].String()))
		if info != nil {
			p.sources[i].info, p.sources[i].template = info, onDisk
		}
	}
	return p, true
}

// assign records that line i (from 0) of the stream is the next line of
// template n's rendered text.
func (p *Piped) assign(i, n int, text *strings.Builder, line string) {
	p.lineOwner[i+1] = n
	p.lineIn[i+1] = strings.Count(text.String(), "\n") + 1
	text.WriteString(line)
	text.WriteString("\n")
}

// templateOnDisk finds the template a # Source: comment names, relative to
// the working directory: as written (chart directory named as the chart)
// or inside the chart directory itself (templates/x.yaml).
func templateOnDisk(tpl string, rendered []byte) (*templateInfo, string) {
	candidates := []string{tpl}
	if _, rest, ok := strings.Cut(tpl, "/"); ok {
		candidates = append(candidates, rest)
	}
	for _, c := range candidates {
		text, err := os.ReadFile(filepath.FromSlash(c))
		if err != nil {
			continue
		}
		info := &templateInfo{index: indexTemplate(text), rendered: rendered}
		if dir, _, ok := strings.Cut(filepath.ToSlash(c), "/templates/"); ok || strings.HasPrefix(c, "templates/") {
			if !ok {
				dir = "."
			}
			valuesFile := filepath.Join(filepath.FromSlash(dir), "values.yaml")
			if data, err := os.ReadFile(valuesFile); err == nil {
				info.values = []valuesSource{newValuesSource(filepath.ToSlash(valuesFile), data)}
			}
		}
		return info, filepath.ToSlash(c)
	}
	return nil, ""
}

// Remap names the template of every finding on the stream, and moves it to
// the template line when the chart is in the working directory.
func (p *Piped) Remap(findings []finding.Finding) {
	for i := range findings {
		f := &findings[i]
		if f.Location == nil || f.Location.File != p.name || f.Location.Line <= 0 || f.Location.Line >= len(p.lineOwner) {
			continue
		}
		n := p.lineOwner[f.Location.Line]
		if n < 0 {
			continue
		}
		src := p.sources[n]
		streamAt := *f.Location
		f.Location = &finding.Location{File: src.template, Line: p.lineIn[streamAt.Line], Column: streamAt.Column}
		if src.info != nil {
			src.info.remap(f)
			f.Location.File = src.template
		} else {
			f.Location = &finding.Location{File: src.template}
		}
		f.Related = append(f.Related, finding.RelatedLocation{Location: streamAt, Message: "rendered here"})
	}
}
