package source

import (
	"regexp"
	"strconv"
	"strings"
)

// Helm's engine reports a template that fails as Go's text/template does,
// wrapped by helm:
//
//	template: mychart/templates/deployment.yaml:12:20: executing "mychart/templates/deployment.yaml" at <.Values.x.y>: nil pointer evaluating interface {}.y
//	execution error at (mychart/templates/service.yaml:3:4): port is required
//	parse error at (mychart/templates/x.yaml:7): unexpected "}" in operand
//	mychart/templates/deployment.yaml:33:19
//	  executing "mychart/templates/deployment.yaml" at <.name>:
//	    nil pointer evaluating interface {}.name
//
// (helm v4.3 pkg/engine/engine.go, reformatExecErrorMsg and cleanupParseError).
var templateErrorPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?:execution|parse) error at \(([^():]+):(\d+)(?::(\d+))?\): (?s:(.*))`),
	regexp.MustCompile(`template: ([^:\s]+):(\d+)(?::(\d+))?: (?s:(.*))`),
	regexp.MustCompile(`^([^:\s]+):(\d+)(?::(\d+))?\s+(?s:(.*))`),
}

// parseTemplateError reads the template, line and message out of helm's
// render error; an error naming no template keeps its whole text.
func parseTemplateError(err error) TemplateError {
	text := err.Error()
	for _, p := range templateErrorPatterns {
		if m := p.FindStringSubmatch(text); m != nil {
			line, _ := strconv.Atoi(m[2])
			col, _ := strconv.Atoi(m[3])
			msg := strings.Join(strings.Fields(m[4]), " ")
			return TemplateError{File: m[1], Line: line, Column: col, Message: msg}
		}
	}
	return TemplateError{Message: text}
}
