package eval

import (
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
)

// valuesPerBudget is how many values of input one time budget (Config.
// Timeout) pays for. An ordinary object holds a few hundred, so its budget
// is the base one; a pod with 10,000 containers holds about 100,000 and
// gets five budgets, because the built-in rules cost time in proportion
// to the containers they visit. A runaway policy (a loop over a huge
// range, a combinatorial join) is still stopped: its cost does not follow
// the input's size.
const valuesPerBudget = 25_000

// budget is how long one evaluation of input may take: the configured
// budget, grown in proportion to the input's size. The aggregating query
// and each package evaluated on its own after a failure get this budget
// each.
func (e *Engine) budget(input ast.Value) time.Duration {
	n := countValues(input, valuesPerBudget*1000)
	return e.timeout + time.Duration(int64(e.timeout)*int64(n)/valuesPerBudget)
}

// countValues counts the values in v (every scalar, array, object and
// set), stopping at limit so that counting stays cheap.
func countValues(v ast.Value, limit int) int {
	n := 0
	var walk func(v ast.Value)
	walk = func(v ast.Value) {
		if n >= limit {
			return
		}
		n++
		switch v := v.(type) {
		case ast.Object:
			v.Foreach(func(_, t *ast.Term) { walk(t.Value) })
		case *ast.Array:
			v.Foreach(func(t *ast.Term) { walk(t.Value) })
		case ast.Set:
			v.Foreach(func(t *ast.Term) { walk(t.Value) })
		}
	}
	walk(v)
	return n
}
