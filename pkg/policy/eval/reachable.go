package eval

import (
	"github.com/open-policy-agent/opa/v1/ast"
)

// withoutUnusedLibraries drops from parsed the built-in library modules
// (files in libraries) that no other module can read: lint never reads
// the diagnosis helpers, and compiling them is start-up time spent for
// nothing. A module can read a library when one of its references into
// data (imports included) and the library's package are one the prefix of
// the other, so data.poddoctor.lib or a dynamic data[x] keeps every
// library; a library kept this way keeps those it reads in turn. Only
// built-in libraries are dropped: a team's module is always compiled, so
// that its errors are always reported.
func withoutUnusedLibraries(parsed map[string]*ast.Module, libraries map[string]bool) map[string]*ast.Module {
	refs := make(map[string][]ast.Ref, len(parsed))
	for file, mod := range parsed {
		refs[file] = dataPrefixes(mod)
	}
	kept := make(map[string]bool, len(parsed))
	var queue []string
	for file := range parsed {
		if !libraries[file] {
			kept[file] = true
			queue = append(queue, file)
		}
	}
	for len(queue) > 0 {
		file := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for lib := range libraries {
			if kept[lib] || parsed[lib] == nil {
				continue
			}
			pkg := parsed[lib].Package.Path
			for _, r := range refs[file] {
				if r.HasPrefix(pkg) || pkg.HasPrefix(r) {
					kept[lib] = true
					queue = append(queue, lib)
					break
				}
			}
		}
	}
	out := make(map[string]*ast.Module, len(kept))
	for file := range kept {
		out[file] = parsed[file]
	}
	return out
}

// dataPrefixes lists the ground prefixes of a module's references into
// data: imports, its own package (whose other files its rules read by bare
// name), and data alone (walk(data)) as the root.
func dataPrefixes(mod *ast.Module) []ast.Ref {
	var out []ast.Ref
	var visit func(x any) bool
	visit = func(x any) bool {
		switch v := x.(type) {
		case ast.Ref:
			if v.HasPrefix(ast.DefaultRootRef) {
				out = append(out, stringPrefix(v))
			}
			for _, t := range v[1:] {
				ast.NewGenericVisitor(visit).Walk(t)
			}
			return true
		case ast.Var:
			if v.Equal(ast.DefaultRootDocument.Value) {
				out = append(out, ast.DefaultRootRef)
			}
		}
		return false
	}
	ast.NewGenericVisitor(visit).Walk(mod)
	return out
}

// stringPrefix is the part of a reference up to its first key that is not
// a string: the packages and rules it may read are under it.
func stringPrefix(r ast.Ref) ast.Ref {
	for i := 1; i < len(r); i++ {
		if _, ok := r[i].Value.(ast.String); !ok {
			return r[:i]
		}
	}
	return r
}
