package snapshot

import (
	"bytes"
	"time"
	"unicode/utf8"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// A sifted load keeps most events as compact records (see eventRecord)
// and decodes again, at the end, only those about kept objects; the first,
// full decoding of the other three quarters of a large snapshot's objects
// was thrown away. scanEvent reads what a record keeps straight from the
// bytes instead, but only for the plain shape kubectl prints for a core
// v1 Event: every member one it knows, once, of the type it expects,
// every string valid UTF-8 with valid escapes only (and none at all in
// the strings it keeps), every time one that unmarshalTime reads. For anything else (series, related objects,
// labels, an eventTime, a duplicate or differently cased member name, a
// number that is not a small integer, a malformed value) it gives up and
// the event is decoded in full as before, so that every note, gap and
// value stays that of the full decoder. TestScanEventMatchesDecode and
// FuzzScanEvent hold it to the full decoder.

// scannedEvent is what scanEvent read of an event: the fields of an
// eventRecord.
type scannedEvent struct {
	uid      types.UID
	involved eventSubject
	warning  bool
	lastSeen time.Time
	count    int32
}

// eventScanner walks one event's bytes; any surprise sets failed.
type eventScanner struct {
	data   []byte
	failed bool
	// strings, when set, interns the strings many events share.
	strings *stringTable
	// e is what the full decoder would set of the fields a record reads,
	// for NormalizeEvent and eventLastSeen to make the same record from.
	e corev1.Event
}

// The JSON type scanEvent wants for a member.
const (
	wantString = iota + 1
	wantTime   // a string unmarshalTime reads, or null
	wantNull   // null only: a MicroTime is left to the full decoder
	wantCount  // a small non-negative integer
	wantObject // one of the nested objects, walked by object
)

// The objects scanEvent walks.
const (
	atEvent = iota
	atMetadata
	atInvolved
	atSource
)

// The members scanEvent knows and keeps, by object; a member it knows but
// does not keep is only checked.
const (
	memberOther = iota
	memberMetadata
	memberInvolved
	memberSource
	memberUID
	memberCreated
	memberKind
	memberNamespace
	memberName
	memberType
	memberFirst
	memberLast
	memberCount
)

// memberOf returns the index of a member name among those of the object
// at level (for the duplicate check), what it is, and the type it wants;
// want is 0 for a name scanEvent does not know.
func memberOf(level int, raw []byte) (index, member, want int) {
	switch level {
	case atEvent:
		switch string(raw) {
		case "kind":
			return 0, memberOther, wantString
		case "apiVersion":
			return 1, memberOther, wantString
		case "metadata":
			return 2, memberMetadata, wantObject
		case "involvedObject":
			return 3, memberInvolved, wantObject
		case "source":
			return 4, memberSource, wantObject
		case "reason":
			return 5, memberOther, wantString
		case "message":
			return 6, memberOther, wantString
		case "type":
			return 7, memberType, wantString
		case "action":
			return 8, memberOther, wantString
		case "reportingComponent":
			return 9, memberOther, wantString
		case "reportingInstance":
			return 10, memberOther, wantString
		case "firstTimestamp":
			return 11, memberFirst, wantTime
		case "lastTimestamp":
			return 12, memberLast, wantTime
		case "eventTime":
			return 13, memberOther, wantNull
		case "count":
			return 14, memberCount, wantCount
		}
	case atMetadata:
		switch string(raw) {
		case "name":
			return 0, memberOther, wantString
		case "generateName":
			return 1, memberOther, wantString
		case "namespace":
			return 2, memberOther, wantString
		case "selfLink":
			return 3, memberOther, wantString
		case "uid":
			return 4, memberUID, wantString
		case "resourceVersion":
			return 5, memberOther, wantString
		case "creationTimestamp":
			return 6, memberCreated, wantTime
		}
	case atInvolved:
		switch string(raw) {
		case "kind":
			return 0, memberKind, wantString
		case "namespace":
			return 1, memberNamespace, wantString
		case "name":
			return 2, memberName, wantString
		case "uid":
			return 3, memberUID, wantString
		case "apiVersion":
			return 4, memberOther, wantString
		case "resourceVersion":
			return 5, memberOther, wantString
		case "fieldPath":
			return 6, memberOther, wantString
		}
	case atSource:
		switch string(raw) {
		case "component":
			return 0, memberOther, wantString
		case "host":
			return 1, memberOther, wantString
		}
	}
	return 0, 0, 0
}

// scanEvent reads a core v1 Event (data is the whole object) when it has
// the plain shape described above; ok is false otherwise. strings, when
// not nil, interns the strings of its subject and type.
func scanEvent(data []byte, strings *stringTable) (ev scannedEvent, ok bool) {
	sc := eventScanner{data: data, strings: strings}
	end := sc.object(skipSpace(data, 0), atEvent)
	if sc.failed || skipSpace(data, end) != len(data) {
		return ev, false
	}
	e := &sc.e
	NormalizeEvent(e)
	ref := e.InvolvedObject
	return scannedEvent{
		uid:      e.UID,
		involved: eventSubject{Kind: ref.Kind, Namespace: ref.Namespace, Name: ref.Name, UID: ref.UID},
		warning:  e.Type == corev1.EventTypeWarning,
		lastSeen: eventLastSeen(e),
		count:    e.Count,
	}, true
}

// fail marks the scan failed and returns an index past the data.
func (sc *eventScanner) fail() int {
	sc.failed = true
	return len(sc.data)
}

// object walks the object at data[i] of the given level: every member
// one memberOf knows, each once, with a value of the type it wants. It
// returns the index past the object.
func (sc *eventScanner) object(i, level int) int {
	data := sc.data
	if i >= len(data) || data[i] != '{' {
		return sc.fail()
	}
	var seen uint32
	j := skipSpace(data, i+1)
	if j < len(data) && data[j] == '}' {
		return j + 1
	}
	for {
		if j >= len(data) || data[j] != '"' {
			return sc.fail()
		}
		q := bytes.IndexByte(data[j+1:], '"')
		if q < 0 {
			return sc.fail()
		}
		// No name scanEvent knows has an escape or a control character,
		// so a name with one is not known.
		index, member, want := memberOf(level, data[j+1:j+1+q])
		if want == 0 || seen&(1<<index) != 0 {
			return sc.fail()
		}
		seen |= 1 << index
		j = skipSpace(data, j+2+q)
		if j >= len(data) || data[j] != ':' {
			return sc.fail()
		}
		j = sc.value(skipSpace(data, j+1), level, member, want)
		if sc.failed {
			return j
		}
		next, closed, ok := afterValue(data, j, '}')
		if !ok {
			return sc.fail()
		}
		if closed {
			return next
		}
		j = next
	}
}

// value checks the value at data[v] against want, keeps it when the
// member is one a record reads, and returns the index past it.
func (sc *eventScanner) value(v, level, member, want int) int {
	data := sc.data
	if v >= len(data) {
		return sc.fail()
	}
	e := &sc.e
	switch want {
	case wantObject:
		switch member {
		case memberMetadata:
			return sc.object(v, atMetadata)
		case memberInvolved:
			return sc.object(v, atInvolved)
		}
		return sc.object(v, atSource)
	case wantNull:
		return sc.nullEnd(v)
	case wantCount:
		j := v
		for j < len(data) && data[j] >= '0' && data[j] <= '9' {
			j++
		}
		// 0, or up to nine digits without a leading zero: an int32.
		if j == v || j-v > 9 || (data[v] == '0' && j-v > 1) || (j < len(data) && !endsLiteral(data[j])) {
			return sc.fail()
		}
		e.Count = sc.count(v, j)
		return j
	case wantTime:
		end := 0
		if data[v] == '"' {
			end = sc.plainStringEnd(v)
		} else {
			end = sc.nullEnd(v)
		}
		if sc.failed {
			return end
		}
		t := sc.time(v, end)
		switch member {
		case memberCreated:
			e.CreationTimestamp = t
		case memberFirst:
			e.FirstTimestamp = t
		case memberLast:
			e.LastTimestamp = t
		}
		return end
	}
	// wantString
	if data[v] != '"' {
		return sc.fail()
	}
	end := sc.plainStringEnd(v)
	if sc.failed || member == memberOther {
		return end
	}
	str := sc.str(v, end, !(member == memberUID && level == atMetadata))
	switch {
	case member == memberType:
		e.Type = str
	case member == memberUID && level == atMetadata:
		e.UID = types.UID(str)
	case member == memberUID:
		e.InvolvedObject.UID = types.UID(str)
	case member == memberKind:
		e.InvolvedObject.Kind = str
	case member == memberNamespace:
		e.InvolvedObject.Namespace = str
	case member == memberName:
		e.InvolvedObject.Name = str
	}
	return end
}

// plainStringEnd returns the index past the string at data[v], which must
// hold only valid escapes, no control character and only valid UTF-8:
// then the full decoder reads it without a word. A string whose value
// the scan keeps must hold no escape at all (see str), so that its bytes
// are the decoded string.
func (sc *eventScanner) plainStringEnd(v int) int {
	data := sc.data
	for j := v + 1; j < len(data); j++ {
		switch c := data[j]; {
		case c == '"':
			if !utf8.Valid(data[v+1 : j]) {
				sc.failed = true
				return len(data)
			}
			return j + 1
		case c == '\\':
			n := escapeLen(data[j:])
			if n == 0 {
				sc.failed = true
				return len(data)
			}
			j += n - 1
		case c < 0x20:
			sc.failed = true
			return len(data)
		}
	}
	sc.failed = true
	return len(data)
}

// escapeLen returns the length of the JSON escape at the start of b, or 0
// when it is not one.
func escapeLen(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	switch b[1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2
	case 'u':
		if len(b) < 6 {
			return 0
		}
		for _, h := range b[2:6] {
			if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
				return 0
			}
		}
		return 6
	}
	return 0
}

// nullEnd returns the index past the literal null at data[v].
func (sc *eventScanner) nullEnd(v int) int {
	data := sc.data
	if len(data)-v < 4 || string(data[v:v+4]) != "null" || (v+4 < len(data) && !endsLiteral(data[v+4])) {
		sc.failed = true
		return len(data)
	}
	return v + 4
}

// str is the string whose span valueEnd checked; one with an escape
// fails the scan.
func (sc *eventScanner) str(v, end int, shared bool) string {
	raw := sc.data[v+1 : end-1]
	if bytes.IndexByte(raw, '\\') >= 0 {
		sc.failed = true
		return ""
	}
	if shared && sc.strings != nil {
		return sc.strings.intern(raw)
	}
	return string(raw)
}

// stringTable hands out one copy of each string it is asked for, the
// strings that many events share (their subject's kind, namespace, name
// and uid, their type): each decode worker has one, so that the loader
// does not intern them on its single thread. It forgets everything when
// it grows past maxStringTable entries: the events about one pod come
// together, and memory must not follow the cluster.
type stringTable map[string]string

// maxStringTable bounds a stringTable.
const maxStringTable = 1 << 16

func (st *stringTable) intern(raw []byte) string {
	if s, ok := (*st)[string(raw)]; ok {
		return s
	}
	if len(*st) >= maxStringTable || *st == nil {
		*st = make(stringTable, 1024)
	}
	s := string(raw)
	(*st)[s] = s
	return s
}

// time reads a time as the full decoder does (unmarshalTime, null
// included); a time it cannot read fails the scan.
func (sc *eventScanner) time(v, end int) metav1.Time {
	var t metav1.Time
	if bytes.IndexByte(sc.data[v:end], '\\') >= 0 {
		sc.failed = true
		return t
	}
	if err := unmarshalTime(sc.data[v:end], &t); err != nil {
		sc.failed = true
	}
	return t
}

// count reads the integer whose span valueEnd checked.
func (sc *eventScanner) count(v, end int) int32 {
	var n int32
	for _, c := range sc.data[v:end] {
		n = n*10 + int32(c-'0')
	}
	return n
}
