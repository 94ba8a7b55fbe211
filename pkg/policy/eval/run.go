package eval

import "time"

// Run is what one evaluation gives the policies besides the input
// document: the values that belong to a run of poddoctor rather than to
// the compiled policies. Evaluate takes it explicitly, so two runs can
// share one Engine and nothing reaches a built-in through a context value.
type Run struct {
	// Now is the time that time.now_ns and the built-ins which read the
	// clock (io.jwt.decode_verify, crypto.x509.parse_and_verify_certificates)
	// see. A diagnosis passes the snapshot's capture time, so that the
	// same snapshot gives the same findings on any day; zero is the wall
	// clock (lint policies may not read it: capabilities.go).
	Now time.Time
	// Inputs are handed as they are to every injected built-in (Builtin's
	// Func): lint's inventory of the input, diagnose's image suggester
	// (pkg/policy/builtin.Inputs). The evaluator never reads them.
	Inputs any
}

// metadata is how the Inputs reach the built-ins through OPA's
// BuiltinContext.RequestMetadata; nil when there are none.
func (r Run) metadata() map[string]any {
	if r.Inputs == nil {
		return nil
	}
	return map[string]any{runInputsKey: r.Inputs}
}
