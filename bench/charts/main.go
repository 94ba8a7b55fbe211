// Command charts measures poddoctor's Helm mapping on charts on disk: for
// each chart, the share of findings whose template line writes the field
// (source.LineHoldsField), the share with a values.yaml related location,
// and the time to render and lint it. The charts are not in the
// repository: fetch public ones (ingress-nginx, metrics-server, ...) to a
// directory outside it and pass their paths.
//
//	go run ./bench/charts [-v] CHART...
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/lint"
	"github.com/poddoctor/poddoctor/pkg/source"
)

func main() {
	verbose := flag.Bool("v", false, "print every finding whose line does not hold its field")
	runs := flag.Int("runs", 5, "timed runs per chart; the fastest is reported")
	flag.Parse()
	ctx := context.Background()
	linter, err := lint.New(ctx, lint.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	fmt.Printf("%-28s %8s %9s %9s %9s %10s\n", "chart", "objects", "findings", "at field", "w/ values", "render+lint")
	for _, dir := range flag.Args() {
		var best time.Duration
		var findings []finding.Finding
		var objects int
		for i := 0; i < *runs; i++ {
			start := time.Now()
			ch, err := source.RenderChart(dir, source.HelmOptions{})
			if err != nil {
				fmt.Fprintf(os.Stderr, "%s: %v\n", dir, err)
				break
			}
			var inputs []lint.Input
			for _, f := range ch.Files {
				inputs = append(inputs, lint.Input{Name: f.Name, Data: f.Data})
			}
			res := linter.LintInputs(ctx, inputs)
			ch.Remap(res.Findings)
			if d := time.Since(start); best == 0 || d < best {
				best = d
			}
			findings, objects = res.Findings, res.Objects
		}
		held, withValues := 0, 0
		for _, f := range findings {
			if len(f.Related) > 0 {
				withValues++
			}
			if f.Location == nil || f.Location.Line == 0 {
				if *verbose {
					fmt.Fprintf(os.Stderr, "NO LINE %s %s %s %s\n", f.Location, f.Rule, f.Object, f.Path)
				}
				continue
			}
			text, err := os.ReadFile(f.Location.File)
			if err != nil {
				continue
			}
			lines := strings.Split(string(text), "\n")
			if f.Location.Line <= len(lines) && source.LineHoldsField(lines[f.Location.Line-1], f.Path) {
				held++
			} else if *verbose {
				fmt.Fprintf(os.Stderr, "MISS %s %s %s %s: %q\n", f.Location, f.Rule, f.Object, f.Path, strings.TrimSpace(lines[min(f.Location.Line, len(lines))-1]))
			}
		}
		fmt.Printf("%-28s %8d %9d %8.1f%% %8.1f%% %10s\n", dir, objects, len(findings), pct(held, len(findings)), pct(withValues, len(findings)), best.Round(time.Millisecond))
	}
}

func pct(n, total int) float64 {
	if total == 0 {
		return 0
	}
	return 100 * float64(n) / float64(total)
}
