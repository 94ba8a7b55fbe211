package snapshot

import (
	"reflect"
	"testing"
)

func TestSplitDump(t *testing.T) {
	app := ContainerKey{Namespace: "shop", Pod: "web-1", Container: "app"}
	side := ContainerKey{Namespace: "shop", Pod: "web-1", Container: "proxy"}
	type section struct {
		Key    ContainerKey
		Text   string
		Failed bool
	}
	tests := []struct {
		name     string
		in       string
		segments []string
		logs     []section
	}{
		{
			name:     "no sections",
			in:       "{}\n",
			segments: []string{"{}\n"},
		},
		{
			name: "sections between lists",
			in: "{\"kind\":\"PodList\"}\n" +
				"==== START logs for container app of pod shop/web-1 ====\nhello\nworld\n==== END logs for container app of pod shop/web-1 ====\n" +
				"==== START logs for container proxy of pod shop/web-1 ====\nready\n==== END logs for container proxy of pod shop/web-1 ====\n" +
				"{\"kind\":\"EventList\"}\n",
			segments: []string{"{\"kind\":\"PodList\"}\n", "", "{\"kind\":\"EventList\"}\n"},
			logs:     []section{{Key: app, Text: "hello\nworld\n"}, {Key: side, Text: "ready\n"}},
		},
		{
			name:     "a log without a final newline shares its line with the END marker",
			in:       "==== START logs for container app of pod shop/web-1 ====\nkilled mid-li==== END logs for container app of pod shop/web-1 ====\n",
			segments: []string{"", ""},
			logs:     []section{{Key: app, Text: "killed mid-li"}},
		},
		{
			name: "kubectl's error instead of a log",
			in: "==== START logs for container app of pod shop/web-1 ====\n" +
				"Request log error: container \"app\" in pod \"web-1\" is waiting to start: ContainerCreating\n" +
				"==== END logs for container app of pod shop/web-1 ====\n",
			segments: []string{"", ""},
			logs:     []section{{Key: app, Failed: true}},
		},
		{
			name:     "a dump cut short inside a log",
			in:       "==== START logs for container app of pod shop/web-1 ====\npartial\n",
			segments: []string{"", ""},
			logs:     []section{{Key: app, Text: "partial\n"}},
		},
		{
			name: "an END marker for another container does not end the section",
			in: "==== START logs for container app of pod shop/web-1 ====\n" +
				"==== END logs for container proxy of pod shop/web-1 ====\n" +
				"==== END logs for container app of pod shop/web-1 ====\n",
			segments: []string{"", ""},
			logs:     []section{{Key: app, Text: "==== END logs for container proxy of pod shop/web-1 ====\n"}},
		},
		{
			name:     "Windows line ends",
			in:       "==== START logs for container app of pod shop/web-1 ====\r\nhello\r\n==== END logs for container app of pod shop/web-1 ====\r\n",
			segments: []string{"", ""},
			logs:     []section{{Key: app, Text: "hello\r\n"}},
		},
		{
			name:     "a marker inside a line is text",
			in:       "say ==== START logs for container app of pod shop/web-1 ====\n",
			segments: []string{"say ==== START logs for container app of pod shop/web-1 ====\n"},
		},
		{
			name:     "a malformed marker is text",
			in:       "==== START logs for container app of shop/web-1 ====\n",
			segments: []string{"==== START logs for container app of shop/web-1 ====\n"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spans, logs := splitDump([]byte(tt.in))
			var segments []string
			for _, s := range spans {
				segments = append(segments, tt.in[s.start:s.end])
			}
			if !reflect.DeepEqual(segments, tt.segments) {
				t.Errorf("segments = %q, want %q", segments, tt.segments)
			}
			var got []section
			for _, l := range logs {
				got = append(got, section{Key: l.key, Text: string(l.text), Failed: l.failed})
			}
			if !reflect.DeepEqual(got, tt.logs) {
				t.Errorf("logs = %+v, want %+v", got, tt.logs)
			}
		})
	}
}

func TestParseLogMarker(t *testing.T) {
	tests := []struct {
		line string
		key  ContainerKey
		ok   bool
	}{
		{"==== START logs for container app of pod shop/web-1 ====", ContainerKey{Namespace: "shop", Pod: "web-1", Container: "app"}, true},
		{"==== START logs for container app of pod shop/web-1 ====\r", ContainerKey{Namespace: "shop", Pod: "web-1", Container: "app"}, true},
		{"==== START logs for container app of pod shop/web-1", ContainerKey{}, false},
		{"==== START logs for container app of pod web-1 ====", ContainerKey{}, false},
		{"==== START logs for container  of pod shop/web-1 ====", ContainerKey{}, false},
		{"==== START logs for container app of pod /web-1 ====", ContainerKey{}, false},
		{"==== START logs for container app of pod shop/ ====", ContainerKey{}, false},
	}
	for _, tt := range tests {
		key, _, ok := parseLogMarker([]byte(tt.line))
		if key != tt.key || ok != tt.ok {
			t.Errorf("parseLogMarker(%q) = %+v, %v; want %+v, %v", tt.line, key, ok, tt.key, tt.ok)
		}
	}
}
