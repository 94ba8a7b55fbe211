package lint

import (
	"strings"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// IgnoreAnnotation switches rules off for one object (on the object or on
// its pod template): "latest-tag,run-as-root" or "latest-tag=pinned by CI".
// IgnoreAnnotation + "." + container name switches them off for one
// container.
const IgnoreAnnotation = "poddoctor.io/ignore"

// suppressions is the set of rule ids an object's annotations switch off:
// key "" for the whole object, or a container name.
type suppressions map[string]map[string]string

// readSuppressions reads ignore annotations from the given annotation maps
// (the object's and its pod template's).
func readSuppressions(annotationSets ...map[string]string) suppressions {
	s := suppressions{}
	for _, annotations := range annotationSets {
		for key, value := range annotations {
			var container string
			switch {
			case key == IgnoreAnnotation:
			case strings.HasPrefix(key, IgnoreAnnotation+"."):
				container = strings.TrimPrefix(key, IgnoreAnnotation+".")
			default:
				continue
			}
			for _, item := range strings.Split(value, ",") {
				id, reason, _ := strings.Cut(strings.TrimSpace(item), "=")
				id = strings.TrimSpace(id)
				if id == "" {
					continue
				}
				if s[container] == nil {
					s[container] = map[string]string{}
				}
				s[container][id] = strings.TrimSpace(reason)
			}
		}
	}
	return s
}

// covers reports whether rule is switched off for container ("" for
// pod-level findings), and the reason given, if any. "all" switches off
// every rule.
func (s suppressions) covers(rule, container string) (string, bool) {
	scopes := []string{""}
	if container != "" {
		scopes = append(scopes, container)
	}
	for _, scope := range scopes {
		// A rule is also switched off by the id of the rule it was split
		// from (finding.RuleNames), so annotations written before the split
		// keep working.
		for _, id := range append(finding.RuleNames(rule), "all") {
			if reason, ok := s[scope][id]; ok {
				return reason, true
			}
		}
	}
	return "", false
}
