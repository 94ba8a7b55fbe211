package config

import (
	"strings"
	"testing"
)

// TestResourceRangeParams holds resource-range's parameters to the shape
// its Rego reads: quantities the API server would accept, min not above
// max, as text or as numbers.
func TestResourceRangeParams(t *testing.T) {
	good := "params:\n  resource-range:\n    limits:\n      cpu: {min: 100m, max: 2}\n      memory: {min: 100Mi, max: 6G}\n    requests:\n      memory: {min: \"64Mi\"}\n"
	if _, err := Parse([]byte(good)); err != nil {
		t.Errorf("well-formed resource-range params: %v", err)
	}
	want := "params.resource-range.limits: want a mapping of resource names to {min, max} quantities, min not above max"
	for _, bad := range []string{
		"params:\n  resource-range:\n    limits:\n      cpu: {min: lots}\n",
		"params:\n  resource-range:\n    limits:\n      cpu: {min: 2, max: 100m}\n",
		"params:\n  resource-range:\n    limits:\n      cpu: {minimum: 1}\n",
		"params:\n  resource-range:\n    limits:\n      cpu: 1\n",
		"params:\n  resource-range:\n    limits:\n      cpu: {}\n",
	} {
		_, err := Parse([]byte(bad))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) error = %v, want it to contain %q", bad, err, want)
		}
	}
	if _, err := Parse([]byte("params:\n  resource-range:\n    limit:\n      cpu: {max: 1}\n")); err == nil || !strings.Contains(err.Error(), `did you mean "limits"?`) {
		t.Errorf("misspelled parameter: error = %v", err)
	}
}
