package snapshot

import (
	"strconv"
	"strings"
	"time"

	"github.com/poddoctor/poddoctor/internal/lazyregexp"
)

// describeTable reads a describe table: a header row, a row of dashes under
// each column, then rows aligned to the dashes (kubectl's tabwriter). The
// last column takes the rest of the row. Rows before the dashes, and
// tables without them (Conditions of a pod: "Type  Status"), are split at
// runs of two or more spaces.
func describeTable(lines []string) [][]string {
	dash := -1
	for i, line := range lines {
		if strings.HasPrefix(strings.TrimSpace(line), "----") {
			dash = i
			break
		}
	}
	if dash < 0 {
		var rows [][]string
		for i, line := range lines {
			if i == 0 && strings.HasPrefix(strings.TrimSpace(line), "Type") {
				continue // the header
			}
			rows = append(rows, splitColumns(line))
		}
		return rows
	}
	starts := columnStarts(lines[dash])
	var rows [][]string
	for _, line := range lines[dash+1:] {
		rows = append(rows, cutColumns(line, starts))
	}
	return rows
}

var multiSpaceRE = lazyregexp.New(`\s{2,}`)

func splitColumns(line string) []string {
	return multiSpaceRE.Split(strings.TrimSpace(line), -1)
}

// columnStarts returns where each run of dashes starts.
func columnStarts(dashes string) []int {
	var starts []int
	for i := 0; i < len(dashes); i++ {
		if dashes[i] == '-' && (i == 0 || dashes[i-1] == ' ') {
			starts = append(starts, i)
		}
	}
	return starts
}

// cutColumns cuts a row at the column starts; the last column is the rest.
func cutColumns(line string, starts []int) []string {
	out := make([]string, len(starts))
	for i, start := range starts {
		if start >= len(line) {
			break
		}
		end := len(line)
		if i+1 < len(starts) && starts[i+1] < len(line) {
			end = starts[i+1]
		}
		out[i] = strings.TrimSpace(line[start:end])
	}
	return out
}

// describedEvent is one row of a describe Events table.
type describedEvent struct {
	Type, Reason, From, Message string
	// FieldPath is the "spec.containers{name}" prefix kubectl 1.33+ puts
	// before the message.
	FieldPath string
	Count     int32
	// Age and Over are the ages of the newest and the first occurrence;
	// Over is -1 when describe printed one age.
	Age, Over time.Duration
	AgeKnown  bool
}

// eventAgeRE is describe's Age column: "12d", "3m2s (x4 over 12d)", "<unknown>".
var eventAgeRE = lazyregexp.New(`^(\S+)(?: \(x(\d+) over (\S+)\))?$`)

// fieldPathPrefixRE is the involved field path kubectl 1.33+ prints before
// a container's event message.
var fieldPathPrefixRE = lazyregexp.New(`^(spec\.(?:initContainers|containers|ephemeralContainers)\{[^}]*\}): `)

// describeEvents reads the Events table of one object. Types are Normal or
// Warning; a row that does not start with one continues the message of the
// row before (a message that held a newline).
func describeEvents(lines []string) []describedEvent {
	dash := -1
	for i, line := range lines {
		if strings.HasPrefix(strings.TrimSpace(line), "----") {
			dash = i
			break
		}
	}
	if dash < 0 {
		return nil
	}
	starts := columnStarts(lines[dash])
	if len(starts) < 5 {
		return nil
	}
	var out []describedEvent
	for _, line := range lines[dash+1:] {
		cols := cutColumns(line, starts)
		if cols[0] != "Normal" && cols[0] != "Warning" {
			if len(out) > 0 {
				out[len(out)-1].Message += "\n" + strings.TrimSpace(line)
			}
			continue
		}
		e := describedEvent{Type: cols[0], Reason: cols[1], From: cols[3], Message: cols[4], Count: 1, Over: -1}
		if m := fieldPathPrefixRE.FindStringSubmatch(e.Message); m != nil {
			e.FieldPath = m[1]
			e.Message = e.Message[len(m[0]):]
		}
		if m := eventAgeRE.FindStringSubmatch(cols[2]); m != nil {
			e.Age, e.AgeKnown = parseHumanDuration(m[1])
			if m[2] != "" {
				n, _ := strconv.Atoi(m[2])
				e.Count = int32(min(n, 1<<30))
				if over, ok := parseHumanDuration(m[3]); ok {
					e.Over = over
				}
			}
		}
		out = append(out, e)
	}
	return out
}

// humanUnitRE is one number and unit of k8s.io/apimachinery's
// duration.HumanDuration: 45s, 3m2s, 5h10m, 12d, 2y30d.
var humanUnitRE = lazyregexp.New(`(\d+)([smhdy])`)

// parseHumanDuration reads what duration.HumanDuration prints.
func parseHumanDuration(s string) (time.Duration, bool) {
	if s == "" || strings.Trim(s, "0123456789smhdy") != "" {
		return 0, false
	}
	var d time.Duration
	for _, m := range humanUnitRE.FindAllStringSubmatch(s, -1) {
		n, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil || n > 1<<20 {
			return 0, false
		}
		unit := map[string]time.Duration{"s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour, "y": 365 * 24 * time.Hour}[m[2]]
		d += time.Duration(n) * unit
	}
	return d, true
}

// describeTimeLayouts are the layouts describe prints times in: RFC 1123
// with a numeric zone (time.RFC1123Z), and RFC 3339 in a few fields.
var describeTimeLayouts = []string{time.RFC1123Z, time.RFC1123, time.RFC3339}

// parseDescribeTime reads a time describe printed; zero when it cannot.
func parseDescribeTime(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range describeTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}
