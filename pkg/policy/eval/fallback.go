package eval

import "strings"

// FallbackNote says, in one line, why the engine evaluates with topdown
// although the IR interpreter was asked for: the planner or the interpreter
// refused the policy set, and the reason names the file and line where it
// could. It is "" when the interpreter is in use or topdown was asked for.
// The CLI prints it once per run as a note: the findings are the same
// either way, only slower.
func (e *Engine) FallbackNote() string {
	if e.fallback == nil {
		return ""
	}
	why := strings.TrimPrefix(e.fallback.Error(), "prepare policy query: ")
	return "policies are evaluated with OPA's topdown, not poddoctor's faster interpreter: " + why
}
