package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// requestTrace is what poddoctor wrote to PODDOCTOR_TRACE_REQUESTS
// (internal/cli/live_trace.go): every request's times, in milliseconds
// since the process started, and the moments it marked.
type requestTrace struct {
	requests []tracedRequest
	marks    []tracedMark
}

type tracedRequest struct {
	sent, headers, end float64
	bytes              int64
	encoding, uri      string
}

type tracedMark struct {
	at   float64
	what string
}

func readRequestTrace(path string) (*requestTrace, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t := &requestTrace{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		fields := strings.Split(sc.Text(), "\t")
		num := func(i int) float64 {
			v, _ := strconv.ParseFloat(fields[i], 64)
			return v
		}
		switch {
		case fields[0] == "mark" && len(fields) == 3:
			t.marks = append(t.marks, tracedMark{at: num(1), what: fields[2]})
		case fields[0] == "request" && len(fields) == 8:
			n, _ := strconv.ParseInt(fields[4], 10, 64)
			t.requests = append(t.requests, tracedRequest{sent: num(1), headers: num(2), end: num(3), bytes: n, encoding: fields[5], uri: fields[7]})
		default:
			return nil, fmt.Errorf("%s:%d: not a trace line: %q", path, line, sc.Text())
		}
	}
	return t, sc.Err()
}

// stage names what a request read, from its path.
func stage(uri string) string {
	path, _, _ := strings.Cut(uri, "?")
	switch {
	case strings.HasSuffix(path, "/log"):
		return "logs"
	case strings.HasSuffix(path, "/pods"):
		return "pods"
	case strings.HasSuffix(path, "/events"):
		return "events"
	}
	return path[strings.LastIndexByte(path, '/')+1:]
}

// print writes where the run's wall time went: the moments marked, and for
// each stage its requests, when the first was sent and the last ended, the
// time spent waiting for the answers' headers (the server preparing the
// page) and reading their bodies (the server sending while the client
// reads), and the bytes.
func (t *requestTrace) print(w io.Writer, tool string, wallSeconds float64) {
	fmt.Fprintf(w, "Where the wall time of %s's last run went (client trace, ms since the process started; the process ended at %.0f ms):\n\n", tool, wallSeconds*1000)
	for _, m := range t.marks {
		fmt.Fprintf(w, "- %s at %.0f ms\n", m.what, m.at)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| stage | requests | first sent | last ended | waiting for headers, sum | reading bodies, sum | longest request | MB read | encoding |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---|")
	var order []string
	byStage := map[string][]tracedRequest{}
	for _, r := range t.requests {
		s := stage(r.uri)
		if byStage[s] == nil {
			order = append(order, s)
		}
		byStage[s] = append(byStage[s], r)
	}
	for _, s := range order {
		rs := byStage[s]
		first, last := rs[0].sent, rs[0].end
		var wait, read, longest float64
		var bytes int64
		var encodings []string
		for _, r := range rs {
			first, last = min(first, r.sent), max(last, r.end)
			wait += r.headers - r.sent
			read += r.end - r.headers
			longest = max(longest, r.end-r.sent)
			bytes += r.bytes
			if !slices.Contains(encodings, r.encoding) {
				encodings = append(encodings, r.encoding)
			}
		}
		fmt.Fprintf(w, "| %s | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.1f | %s |\n", s, len(rs), first, last, wait, read, longest, float64(bytes)/1e6, strings.Join(encodings, ", "))
	}
}

// loadAverage is the machine's one-minute load average, 0 when unknown.
func loadAverage() float64 {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	fields := strings.Fields(string(data))
	if len(fields) == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(fields[0], 64)
	return v
}
