package apiservertest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

// AuditCount is what one client sent, read from the API server's audit
// log: the server's own count, which no client-side counter can miss.
type AuditCount struct {
	// Requests counts every request.
	Requests int
	// ByWhat counts them by verb and resource, "list pods",
	// "get pods/log", "watch events".
	ByWhat map[string]int
	// Writes lists the requests that are no get, list or watch ("create
	// pods", "update pods/status"), once each: a read-only client has none.
	Writes []string
}

// String is "144 requests (list events 100, list pods 20, ...)", the
// largest counts first.
func (c AuditCount) String() string {
	type kv struct {
		k string
		n int
	}
	var all []kv
	for k, n := range c.ByWhat {
		all = append(all, kv{k, n})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].n > all[j].n || all[i].n == all[j].n && all[i].k < all[j].k })
	parts := make([]string, len(all))
	for i, e := range all {
		parts[i] = fmt.Sprintf("%s %d", e.k, e.n)
	}
	return fmt.Sprintf("%d requests (%s)", c.Requests, strings.Join(parts, ", "))
}

// ReadAudit counts the requests of the audit log at path whose user agent
// starts with agentPrefix ("poddoctor/", "k8sgpt/"). Each request is one
// event at stage ResponseComplete (or Panic); the policy of test/node omits
// RequestReceived, and long-running requests' ResponseStarted events are
// not counted twice.
func ReadAudit(path, agentPrefix string) (AuditCount, error) {
	out := AuditCount{ByWhat: map[string]int{}}
	f, err := os.Open(path)
	if err != nil {
		return out, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	writes := map[string]bool{}
	for line := 1; sc.Scan(); line++ {
		var ev struct {
			Stage     string `json:"stage"`
			Verb      string `json:"verb"`
			UserAgent string `json:"userAgent"`
			ObjectRef *struct {
				Resource    string `json:"resource"`
				Subresource string `json:"subresource"`
			} `json:"objectRef"`
			RequestURI string `json:"requestURI"`
		}
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			return out, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		if !strings.HasPrefix(ev.UserAgent, agentPrefix) || (ev.Stage != "ResponseComplete" && ev.Stage != "Panic") {
			continue
		}
		out.Requests++
		what := ev.Verb
		if ev.ObjectRef != nil {
			what += " " + ev.ObjectRef.Resource
			if ev.ObjectRef.Subresource != "" {
				what += "/" + ev.ObjectRef.Subresource
			}
		} else {
			what += " " + ev.RequestURI
		}
		out.ByWhat[what]++
		readOnly := ev.Verb == "get" || ev.Verb == "list" || ev.Verb == "watch"
		if !readOnly && !writes[what] {
			writes[what] = true
			out.Writes = append(out.Writes, what)
		}
	}
	return out, sc.Err()
}
