package imageref

import "testing"

func TestMaxDistance(t *testing.T) {
	tests := []struct{ n, want int }{
		{0, 0}, {2, 0}, {3, 0}, {4, 1}, {5, 1}, {7, 1}, {8, 2}, {20, 2},
	}
	for _, tt := range tests {
		if got := maxDistance(tt.n); got != tt.want {
			t.Errorf("maxDistance(%d) = %d, want %d", tt.n, got, tt.want)
		}
		if got := maxDistance(tt.n); got*4 > tt.n {
			t.Errorf("maxDistance(%d) = %d is more than a quarter of the length", tt.n, got)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"nginx", "nginx", 0},
		{"ngnx", "nginx", 1},
		{"redsi", "redis", 1},
		{"bitnmai", "bitnami", 1},
		{"latset", "latest", 1},
		{"abcd", "badc", 2},
		{"postgress", "postgres", 1},
		{"", "abc", 3},
		{"kitten", "sitting", 3},
		{"ab", "ba", 1},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := editDistance(tt.b, tt.a); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestWordDistance(t *testing.T) {
	tests := []struct {
		written, known string
		want           int
		ok             bool
	}{
		{"nginx", "nginx", 0, true},
		{"ngnx", "nginx", 1, true},
		{"postgress", "postgres", 1, true},
		{"bitnmai", "bitnami", 1, true},
		{"postgrse", "postgres", 1, true},
		{"elastcsearh", "elasticsearch", 2, true},
		{"app", "api", 0, false},     // too short
		{"ngx", "nginx", 0, false},   // too short, and two edits
		{"code", "node", 0, false},   // first letter
		{"ngnix", "nginx", 1, true},  // transposition
		{"ngnxi", "nginx", 0, false}, // two edits in five letters
		{"python3", "python", 0, false},
		{"python2", "python3", 0, false},
		{"redis-exporter", "redis", 0, false},
		{"exporter-redis", "redis", 0, false},
		{"nginx2", "nginx", 0, false},
		{"xnginx", "nginx", 0, false},  // first letter
		{"tomcatt", "tomcat", 1, true}, // doubled final letter
		{"nginxx", "nginx", 1, true},
		{"nnginx", "nginx", 1, true}, // doubled first letter
		{"rusty", "rust", 0, false},  // one more letter: another word
		{"dockerd", "docker", 0, false},
		{"anginx", "nginx", 0, false},
		{"store", "storm", 0, false},  // five letters: no replacing
		{"redus", "redis", 0, false},  // five letters: no replacing (a miss, on purpose)
		{"ubunto", "ubuntu", 1, true}, // six letters: replacing is fine
		{"alpin", "alpine", 1, true},  // a missing last letter is a typo
		{"nodes", "node", 0, false},   // plural
		{"rediss", "redis", 1, true},  // doubled final s
	}
	for _, tt := range tests {
		got, ok := wordDistance(tt.written, tt.known)
		if got != tt.want || ok != tt.ok {
			t.Errorf("wordDistance(%q, %q) = %d, %v; want %d, %v", tt.written, tt.known, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCorrectTag(t *testing.T) {
	words := newTagWords()
	tests := []struct {
		tag, want string
		distance  int
	}{
		{"latest", "latest", 0},
		{"latset", "latest", 1},
		{"1.27", "1.27", 0},
		{"1.25", "1.25", 0},
		{"1.27-alpnie", "1.27-alpine", 1},
		{"3.12-slmi-bookwrom", "3.12-slim-bookworm", 2},
		{"lts_slim", "lts_slim", 0},
		{"v1.2.3-rc1", "v1.2.3-rc1", 0},
		{"sha-abc1234", "sha-abc1234", 0},
		{"main", "main", 0},
		{"", "", 0},
		{"-.", "-.", 0},
	}
	for _, tt := range tests {
		got, d := words.correct(tt.tag)
		if got != tt.want || d != tt.distance {
			t.Errorf("correct(%q) = %q, %d; want %q, %d", tt.tag, got, d, tt.want, tt.distance)
		}
	}
}

func TestCountDistanceIsALowerBound(t *testing.T) {
	words := []string{"nginx", "ngnx", "ngixn", "redis", "redsi", "library", "bitnami", "bitnmai",
		"postgres", "postgress", "postgresql", "a", "", "latest", "latset", "aabb", "bbaa", "abc-def"}
	for _, a := range words {
		for _, b := range words {
			if lower, d := countDistance(a, b), editDistance(a, b); lower > d {
				t.Errorf("countDistance(%q, %q) = %d exceeds editDistance %d", a, b, lower, d)
			}
		}
	}
}

func TestIsExtension(t *testing.T) {
	tests := []struct {
		written, known string
		want           bool
	}{
		{"rusty", "rust", true},
		{"xnginx", "nginx", true},
		{"postgress", "postgres", false},
		{"nnginx", "nginx", false},
		{"alpin", "alpine", false},
		{"ngnix", "nginx", false},
		{"nginx", "nginx", false},
		{"a", "", false},
	}
	for _, tt := range tests {
		if got := isExtension(tt.written, tt.known); got != tt.want {
			t.Errorf("isExtension(%q, %q) = %v, want %v", tt.written, tt.known, got, tt.want)
		}
	}
}
