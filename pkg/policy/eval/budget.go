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

// timeLimit stops one evaluation when its budget runs out. The budget
// grows with the input, but counting an input's values costs as much as a
// few rules, and nearly every evaluation ends well within the base budget:
// the values are counted only once the base budget has run out, and the
// evaluation goes on if the grown budget allows. The interpreter asks
// every checkEvery steps, so no timer is set per evaluation either. The
// zero timeLimit never passes.
type timeLimit struct {
	start, end time.Time
	// grow gives the whole budget; nil once asked.
	grow func() time.Duration
	// budget is the budget that applies: the base one until it is grown.
	budget time.Duration
}

// newTimeLimit starts a limit of base, which grow may extend once.
func newTimeLimit(base time.Duration, grow func() time.Duration) timeLimit {
	now := time.Now()
	return timeLimit{start: now, end: now.Add(base), grow: grow, budget: base}
}

// passed says whether the budget has run out, growing it the first time
// the base budget has.
func (l *timeLimit) passed() bool {
	if l.end.IsZero() {
		return false
	}
	now := time.Now()
	if now.Before(l.end) {
		return false
	}
	if l.grow != nil {
		l.budget = l.grow()
		l.grow = nil
		l.end = l.start.Add(l.budget)
		return !now.Before(l.end)
	}
	return true
}

// countValues counts the values in v (every scalar, array, object and
// set), stopping at limit so that counting stays cheap. The callbacks are
// made once per count, not once per collection it visits.
func countValues(v ast.Value, limit int) int {
	c := &valueCounter{limit: limit}
	c.term = func(t *ast.Term) { c.walk(t.Value) }
	c.pair = func(_, t *ast.Term) { c.walk(t.Value) }
	c.walk(v)
	return c.n
}

type valueCounter struct {
	n, limit int
	term     func(*ast.Term)
	pair     func(_, t *ast.Term)
}

func (c *valueCounter) walk(v ast.Value) {
	if c.n >= c.limit {
		return
	}
	c.n++
	switch v := v.(type) {
	case ast.Object:
		v.Foreach(c.pair)
	case *ast.Array:
		v.Foreach(c.term)
	case ast.Set:
		v.Foreach(c.term)
	}
}
