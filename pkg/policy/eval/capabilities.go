package eval

import (
	"fmt"
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
)

// forbiddenInUserPolicies are the built-ins a team's policy may not call:
// poddoctor runs offline in CI and must not reach the network, read the
// environment or the runtime configuration through a policy.
var forbiddenInUserPolicies = []string{
	"http.send",
	"net.lookup_ip_addr",
	"opa.runtime",
	"rego.parse_module", // parses arbitrary code: no use in a check, and costly
	// trace stays: it only adds a note to a trace nobody collects, and
	// conftest policies call it (conftest test --trace shows the notes).
}

// capabilities returns OPA's capabilities less the built-ins that touch the
// outside world, plus poddoctor's own. Built-in and user policies share one
// compiler, and no built-in policy needs the outside world either, so the
// restriction applies to all of them.
func capabilities(own []Builtin) *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	caps.Builtins = slices.DeleteFunc(caps.Builtins, func(b *ast.Builtin) bool {
		return slices.Contains(forbiddenInUserPolicies, b.Name)
	})
	caps.AllowNet = []string{}
	for _, b := range own {
		caps.Builtins = append(caps.Builtins, compilerBuiltin(b))
	}
	return caps
}

// unavailable are built-ins a policy may not call because their answer
// would differ from one run to the next, with the reason a policy author
// reads. Lint has no clock to offer (a manifest has no capture time), so
// the built-ins that read the clock are unavailable there; a diagnosis
// gives them the snapshot's capture time (Run.Now).
var unavailable = map[string]string{
	"rand.intn":              "it returns a different number on every run",
	"uuid.rfc4122":           "it returns a different identifier on every run",
	"io.jwt.encode_sign":     "its signature is randomised, so it differs on every run",
	"io.jwt.encode_sign_raw": "its signature is randomised, so it differs on every run",
	"providers.aws.sign_req": "it signs requests with the current time, and policies make no requests",
	// OPA marks these nondeterministic: a schema's $ref may name a URL to
	// fetch, and the IR interpreter gives built-ins no allow_net list.
	"json.match_schema":  "a schema's $ref may fetch a document over the network",
	"json.verify_schema": "a schema's $ref may fetch a document over the network",
}

var unavailableInLint = map[string]string{
	"time.now_ns":          "lint output must not depend on when it runs (a manifest has no capture time)",
	"io.jwt.decode_verify": "it reads the current time, and lint output must not depend on when it runs",
	"crypto.x509.parse_and_verify_certificates":              "it reads the current time, and lint output must not depend on when it runs",
	"crypto.x509.parse_and_verify_certificates_with_options": "it reads the current time, and lint output must not depend on when it runs",
}

// checkDeterministic fails when a module calls a built-in whose answer
// would make the output differ between two runs on the same input, naming
// the file, line and built-in.
func checkDeterministic(mod *ast.Module, engine string) error {
	var err error
	check := func(op ast.Value, loc *ast.Location) {
		ref, ok := op.(ast.Ref)
		if !ok || err != nil {
			return
		}
		name := ref.String()
		why, found := unavailable[name]
		if !found && engine == "lint" {
			why, found = unavailableInLint[name]
		}
		if found {
			if loc == nil {
				loc = mod.Package.Location
			}
			err = fmt.Errorf("policy %s:%d: %s is not available to %s policies: %s", loc.File, loc.Row, name, engine, why)
		}
	}
	ast.WalkExprs(mod, func(e *ast.Expr) bool {
		if e.IsCall() {
			check(e.Operator(), e.Location)
		}
		return err != nil
	})
	ast.WalkTerms(mod, func(t *ast.Term) bool {
		if call, ok := t.Value.(ast.Call); ok && len(call) > 0 {
			check(call[0].Value, t.Location)
		}
		return err != nil
	})
	return err
}
