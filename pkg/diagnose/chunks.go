package diagnose

import (
	"context"

	"github.com/poddoctor/poddoctor/internal/parallel"
	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/policy/builtin"
	"github.com/poddoctor/poddoctor/pkg/policy/eval"
)

// diagnoseChunk is how many pods' facts documents are built and evaluated
// at once. At 150,000 pods some 15,000 need a look; holding all their
// documents at once took about 1.5 GB beside the snapshot. A chunk keeps
// both cores busy and its documents small. A variable so that tests can
// make chunks of one and two pods.
var diagnoseChunk = 1024

// diagnoseInChunks evaluates the run's documents chunk by chunk and returns
// the findings exactly as evaluate returns them over all the documents at
// once: in document order before the final sort, with the same image
// catalog and owner counts. Those two read every pod document (its Owner
// and PulledImages), so a first pass reads just that of every examined pod.
func (d *Diagnoser) diagnoseInChunks(ctx context.Context, r *diagnosisRun) []finding.Finding {
	owners := make([]*Ref, len(r.examined))
	pulled := make([][]string, len(r.examined))
	const chunk = 64
	parallel.For((len(r.examined)+chunk-1)/chunk, parallel.Workers(0), func(c int) {
		for i := c * chunk; i < min(len(r.examined), (c+1)*chunk); i++ {
			owners[i], pulled[i] = r.b.podOwnerAndPulled(r.examined[i])
		}
	})
	wanted := map[string]bool{}
	var catalog []string
	for i := range r.examined {
		if owners[i] != nil {
			wanted[finding.ObjectRef(*owners[i]).String()] = true
		}
		catalog = append(catalog, pulled[i]...)
	}
	r.countOwners(wanted)
	run := eval.Run{Now: r.res.now, Inputs: &builtin.Inputs{Suggester: d.suggesterOf(catalog, r.res.runningImages)}}

	var out []finding.Finding
	for start := 0; start < len(r.examined) && ctx.Err() == nil; start += diagnoseChunk {
		facts := r.podFacts(r.examined[start:min(len(r.examined), start+diagnoseChunk)])
		out = d.evaluateDocs(ctx, facts, run, out)
	}
	out = d.evaluateDocs(ctx, r.workloads, run, out)
	return d.finishFindings(out)
}
