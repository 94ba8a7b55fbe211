package builtin

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"
	"github.com/tmccombs/hcl2json/convert"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"

	"github.com/poddoctor/poddoctor/pkg/policy"
)

// conftest's configuration built-ins, so that conftest policies and their
// tests run unchanged: parse_config parses text, parse_config_file and
// parse_combined_config_files read files named relative to the policy that
// calls them. poddoctor reads YAML (as kubectl does, sigs.k8s.io/yaml),
// JSON and HCL2 (Terraform, with conftest's own converter, hcl2json);
// conftest's other parsers (TOML, INI, nginx...) are not here, and a policy
// that asks for one gets an error naming the parser.
//
// These are the only file reads a policy can make, and they stay inside
// the directory of the policy file that calls them: a team's policy
// directory may hold its test fixtures, nothing else is reachable.

var objectResult = types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))

var parseConfigBuiltin = policy.Builtin{
	Decl: &rego.Function{
		Name:        "parse_config",
		Description: "conftest's parse_config(parser, text): parses YAML, JSON or HCL2 text.",
		Decl:        types.NewFunction(types.Args(types.S, types.S), objectResult),
	},
	Func: func(_ rego.BuiltinContext, _ any, args []*ast.Term) (*ast.Term, error) {
		parser, text := args[0], args[1]
		name, ok := parser.Value.(ast.String)
		if !ok {
			return nil, fmt.Errorf("parse_config: the parser name must be a string, got %s", ast.ValueName(parser.Value))
		}
		src, ok := text.Value.(ast.String)
		if !ok {
			return nil, fmt.Errorf("parse_config: the configuration must be a string, got %s", ast.ValueName(text.Value))
		}
		v, err := parseConfig(string(name), []byte(src))
		if err != nil {
			return nil, fmt.Errorf("parse_config: %w", err)
		}
		return ast.NewTerm(v), nil
	},
}

var parseConfigFileBuiltin = policy.Builtin{
	Decl: &rego.Function{
		Name:        "parse_config_file",
		Description: "conftest's parse_config_file(path): reads and parses a YAML, JSON or HCL2 file named relative to the calling policy.",
		Decl:        types.NewFunction(types.Args(types.S), objectResult),
	},
	Func: func(bctx rego.BuiltinContext, _ any, args []*ast.Term) (*ast.Term, error) {
		path := args[0]
		name, ok := path.Value.(ast.String)
		if !ok {
			return nil, fmt.Errorf("parse_config_file: the path must be a string, got %s", ast.ValueName(path.Value))
		}
		file, src, err := readPolicyRelative(bctx, string(name))
		if err != nil {
			return nil, fmt.Errorf("parse_config_file: %w", err)
		}
		parser, err := parserForFile(file)
		if err != nil {
			return nil, fmt.Errorf("parse_config_file: %w", err)
		}
		v, err := parseConfig(parser, src)
		if err != nil {
			return nil, fmt.Errorf("parse_config_file: %s: %w", file, err)
		}
		return ast.NewTerm(v), nil
	},
}

var parseCombinedConfigFilesBuiltin = policy.Builtin{
	Decl: &rego.Function{
		Name:        "parse_combined_config_files",
		Description: "conftest's parse_combined_config_files(paths): reads YAML or JSON files named relative to the calling policy and returns them as --combine gives them, [{path, contents}].",
		Decl:        types.NewFunction(types.Args(types.NewArray(nil, types.S)), types.NewArray(nil, types.A)),
	},
	Func: func(bctx rego.BuiltinContext, _ any, args []*ast.Term) (*ast.Term, error) {
		paths := args[0]
		arr, ok := paths.Value.(*ast.Array)
		if !ok {
			return nil, fmt.Errorf("parse_combined_config_files: want an array of paths, got %s", ast.ValueName(paths.Value))
		}
		var docs []CombinedDocument
		for i := range arr.Len() {
			name, ok := arr.Elem(i).Value.(ast.String)
			if !ok {
				return nil, fmt.Errorf("parse_combined_config_files: path %d is not a string", i)
			}
			file, src, err := readPolicyRelative(bctx, string(name))
			if err != nil {
				return nil, fmt.Errorf("parse_combined_config_files: %w", err)
			}
			parser, err := parserForFile(file)
			if err != nil {
				return nil, fmt.Errorf("parse_combined_config_files: %w", err)
			}
			contents, err := parseDocuments(parser, src)
			if err != nil {
				return nil, fmt.Errorf("parse_combined_config_files: %s: %w", file, err)
			}
			for _, c := range contents {
				docs = append(docs, CombinedDocument{Path: file, Contents: c})
			}
		}
		v, err := CombinedInput(docs)
		if err != nil {
			return nil, fmt.Errorf("parse_combined_config_files: %w", err)
		}
		return ast.NewTerm(v), nil
	},
}

// maxConfigFileBytes bounds a file read by parse_config_file.
const maxConfigFileBytes = 16 << 20

// readPolicyRelative reads the file name names relative to the directory of
// the policy file that calls the built-in, as conftest does; the file must
// be a regular file inside that directory.
func readPolicyRelative(bctx rego.BuiltinContext, name string) (string, []byte, error) {
	if bctx.Location == nil || bctx.Location.File == "" {
		return "", nil, errors.New("the calling policy has no file to read relative to")
	}
	dir := filepath.Dir(bctx.Location.File)
	file := filepath.Join(dir, name)
	inside, err := withinDir(dir, file)
	if err != nil {
		return "", nil, err
	}
	if !inside {
		return "", nil, fmt.Errorf("%s is outside %s: a policy may read files of its own directory only", file, dir)
	}
	info, err := os.Stat(file)
	if err != nil {
		return "", nil, err
	}
	if !info.Mode().IsRegular() {
		return "", nil, fmt.Errorf("%s is not a regular file", file)
	}
	f, err := os.Open(file)
	if err != nil {
		return "", nil, err
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, maxConfigFileBytes+1))
	if err != nil {
		return "", nil, fmt.Errorf("read %s: %w", file, err)
	}
	if len(src) > maxConfigFileBytes {
		return "", nil, fmt.Errorf("%s is larger than %d MiB", file, maxConfigFileBytes>>20)
	}
	return file, src, nil
}

// withinDir reports whether file, symbolic links resolved, lies in dir.
func withinDir(dir, file string) (bool, error) {
	realDir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return false, err
	}
	realFile, err := filepath.EvalSymlinks(file)
	if err != nil {
		return false, err
	}
	rel, err := filepath.Rel(realDir, realFile)
	if err != nil {
		return false, nil
	}
	return rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)), nil
}

// parserForFile picks the parser by extension, as conftest does for the
// formats poddoctor reads.
func parserForFile(file string) (string, error) {
	switch ext := strings.ToLower(filepath.Ext(file)); ext {
	case ".yaml", ".yml":
		return "yaml", nil
	case ".json":
		return "json", nil
	case ".tf", ".hcl":
		return "hcl2", nil
	default:
		return "", fmt.Errorf("%s: poddoctor parses YAML, JSON and HCL2 (.tf) files only, not %q", file, ext)
	}
}

// parseConfig parses src as conftest's parser of that name does: a YAML
// stream of several documents is an array of them.
func parseConfig(parser string, src []byte) (ast.Value, error) {
	docs, err := parseDocuments(parser, src)
	if err != nil {
		return nil, err
	}
	if len(docs) == 1 {
		return ast.InterfaceToValue(docs[0])
	}
	return ast.InterfaceToValue(docs)
}

// parseDocuments parses src into its documents (one for JSON).
func parseDocuments(parser string, src []byte) ([]any, error) {
	switch strings.ToLower(parser) {
	case "json":
		var v any
		dec := json.NewDecoder(bytes.NewReader(src))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("parse JSON: %w", err)
		}
		return []any{v}, nil
	case "yaml", "yml":
		return parseYAMLDocuments(src)
	case "hcl2", "tf":
		js, err := convert.Bytes(src, "", convert.Options{})
		if err != nil {
			return nil, fmt.Errorf("parse HCL2: %w", err)
		}
		var v any
		dec := json.NewDecoder(bytes.NewReader(js))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("parse HCL2: %w", err)
		}
		return []any{v}, nil
	default:
		return nil, fmt.Errorf("parser %q is not supported: poddoctor parses yaml, json and hcl2 (conftest's other parsers are not built in)", parser)
	}
}

// parseYAMLDocuments reads a YAML stream document by document with the
// values kubectl reads (sigs.k8s.io/yaml, YAML 1.1).
func parseYAMLDocuments(src []byte) ([]any, error) {
	reader := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(src)))
	var docs []any
	for {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("parse YAML: %w", err)
		}
		if len(bytes.TrimSpace(doc)) == 0 {
			continue
		}
		js, err := yaml.YAMLToJSON(doc)
		if err != nil {
			return nil, fmt.Errorf("parse YAML: %w", err)
		}
		var v any
		dec := json.NewDecoder(bytes.NewReader(js))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("parse YAML: %w", err)
		}
		docs = append(docs, v)
	}
	if len(docs) == 0 {
		docs = []any{nil}
	}
	return docs, nil
}

// CombinedDocument is one document of conftest's --combine input.
type CombinedDocument struct {
	Path     string
	Contents any
}

// CombinedInput is conftest's --combine input: every document of every
// file as {"path": file, "contents": document}, ordered by path (documents
// of one file in their order).
func CombinedInput(docs []CombinedDocument) (ast.Value, error) {
	sorted := append([]CombinedDocument(nil), docs...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	terms := make([]*ast.Term, 0, len(sorted))
	for _, d := range sorted {
		contents, err := ast.InterfaceToValue(d.Contents)
		if err != nil {
			return nil, fmt.Errorf("combine %s: %w", d.Path, err)
		}
		terms = append(terms, ast.ObjectTerm(
			ast.Item(ast.StringTerm("path"), ast.StringTerm(d.Path)),
			ast.Item(ast.StringTerm("contents"), ast.NewTerm(contents)),
		))
	}
	return ast.NewArray(terms...), nil
}
