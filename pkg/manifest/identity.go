package manifest

import (
	"fmt"
	"strings"
)

// identify fills the identity fields of an object from its data: apiVersion,
// kind, metadata.namespace and metadata.name (or metadata.generateName).
// It returns a Problem naming what is missing or mistyped, if anything, and
// whether the object can still be checked: an object that lacks only its
// name (a snippet, a test fixture) has every other problem worth knowing
// at once, as a compiler reports more than the first error. One whose
// apiVersion or kind is missing or mistyped cannot be, nor a kustomization
// file, nor one whose metadata keys sit at the top level (its indentation
// was lost: documentHint says so).
func (o *Object) identify() (problem *Problem, checkable bool) {
	var c identityCheck
	o.APIVersion = c.text("apiVersion", o.Data["apiVersion"], true)
	o.Kind = c.text("kind", o.Data["kind"], true)
	meta, isMap := o.Data["metadata"].(map[string]any)
	if !isMap && o.Data["metadata"] != nil {
		c.mistyped("metadata", fmt.Sprintf("metadata must be a mapping, not %s", valueName(o.Data["metadata"])))
	}
	o.Namespace = c.text("metadata.namespace", meta["namespace"], false)
	o.Name = c.text("metadata.name", meta["name"], false)
	if o.Name == "" {
		o.Name = c.text("metadata.generateName", meta["generateName"], false)
	}
	if o.Name == "" && len(c.wrong) == 0 {
		c.absent("metadata.name")
	}
	if c.first == "" {
		return nil, true
	}
	checkable = o.APIVersion != "" && o.Kind != "" && len(c.wrong) == 0 &&
		!isKustomization(o.Data) && topLevelMetadataKey(o.Data) == ""
	var parts []string
	if len(c.missing) > 0 {
		parts = append(parts, "missing "+joinWords(c.missing))
	}
	parts = append(parts, c.wrong...)
	return &Problem{
		Location: o.Position(c.first),
		Message:  "not a Kubernetes object: " + strings.Join(parts, "; "),
	}, checkable
}

// identityCheck collects what is wrong with the identity fields.
type identityCheck struct {
	missing []string // paths of absent fields
	wrong   []string // sentences about mistyped fields
	first   string   // path of the first bad field, where the Problem points
}

// text returns a field that must be a string when present; required fields
// must be present and not empty.
func (c *identityCheck) text(path string, v any, required bool) string {
	switch v := v.(type) {
	case string:
		if v == "" && required {
			c.absent(path)
		}
		return v
	case nil:
		if required {
			c.absent(path)
		}
		return ""
	}
	c.mistyped(path, fmt.Sprintf("%s must be a string, not %s", path, valueName(v)))
	return ""
}

func (c *identityCheck) absent(path string) {
	c.missing = append(c.missing, path)
	if c.first == "" {
		c.first = path
	}
}

func (c *identityCheck) mistyped(path, sentence string) {
	c.wrong = append(c.wrong, sentence)
	if c.first == "" {
		c.first = path
	}
}

// joinWords joins "a", "b", "c" as "a, b and c".
func joinWords(words []string) string {
	if len(words) == 1 {
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// valueName describes a decoded value for messages: "the number 5".
func valueName(v any) string {
	switch v := v.(type) {
	case map[string]any:
		return "a mapping"
	case []any:
		return "a list"
	case bool:
		return fmt.Sprintf("the boolean %v", v)
	case int64, float64:
		return fmt.Sprintf("the number %v", v)
	case string:
		return fmt.Sprintf("the string %q", v)
	}
	return "null"
}
