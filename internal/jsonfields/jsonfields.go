// Package jsonfields is encoding/json's rules for which fields of a Go
// struct are JSON object members and under what names: exported fields,
// `json` tag names, fields of embedded structs promoted, and among fields
// of one name the dominant one (the shallowest; among those, the only
// tagged one; none when that is still a tie). poddoctor's converter of Go
// values to Rego (pkg/policy), its walk that finds unknown manifest fields
// and its field suggestions (pkg/manifest) all read struct fields through
// it, so they agree with encoding/json and with each other; the tests
// compare it with encoding/json itself.
package jsonfields

import (
	"cmp"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/poddoctor/poddoctor/internal/textutil"
)

// Field is one JSON member of a struct.
type Field struct {
	// Name is the member's name: the tag's, or the Go field's.
	Name string
	// Tagged is true when the name comes from a `json` tag.
	Tagged bool
	// Index leads from the outer struct to the field, through embedded
	// structs (reflect.Value.FieldByIndex).
	Index []int
	// Type is the field's Go type.
	Type reflect.Type
	// OmitEmpty, OmitZero and Quoted are the tag's omitempty, omitzero
	// and string options; Quoted only where encoding/json honours it (on
	// bools, numbers and strings).
	OmitEmpty, OmitZero, Quoted bool
}

// Struct is what encoding/json makes of a struct type.
type Struct struct {
	// Fields are the members in the order encoding/json writes them.
	Fields []Field
	// EmbedsPointer is true when the struct, or a struct it embeds, embeds
	// a pointer to a struct, which a decoder allocates as it fills it.
	EmbedsPointer bool
}

var cache sync.Map // reflect.Type -> *Struct

// Of returns the JSON members of a struct type. The answer is computed once
// per type and shared: callers must not change it.
func Of(t reflect.Type) *Struct {
	if s, ok := cache.Load(t); ok {
		return s.(*Struct)
	}
	s, _ := cache.LoadOrStore(t, compute(t))
	return s.(*Struct)
}

func compute(t reflect.Type) *Struct {
	type pending struct {
		typ   reflect.Type
		index []int
	}
	out := &Struct{}
	var current []pending
	next := []pending{{typ: t}}
	var count, nextCount map[reflect.Type]int
	visited := map[reflect.Type]bool{}
	var fields []Field
	for len(next) > 0 {
		current, next = next, current[:0]
		count, nextCount = nextCount, map[reflect.Type]int{}
		for _, f := range current {
			if visited[f.typ] {
				continue
			}
			visited[f.typ] = true
			for i := 0; i < f.typ.NumField(); i++ {
				sf := f.typ.Field(i)
				if sf.Anonymous {
					et := sf.Type
					if et.Kind() == reflect.Pointer {
						et = et.Elem()
					}
					if !sf.IsExported() && et.Kind() != reflect.Struct {
						continue // an embedded unexported non-struct
					}
				} else if !sf.IsExported() {
					continue
				}
				tag := sf.Tag.Get("json")
				if tag == "-" {
					continue
				}
				name, opts, _ := strings.Cut(tag, ",")
				options := strings.Split(opts, ",")
				if !textutil.ValidJSONTagName(name) {
					name = ""
				}
				index := make([]int, len(f.index)+1)
				copy(index, f.index)
				index[len(f.index)] = i
				ft := sf.Type
				if ft.Name() == "" && ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				quoted := false
				if slices.Contains(options, "string") {
					switch ft.Kind() {
					case reflect.Bool,
						reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
						reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
						reflect.Float32, reflect.Float64,
						reflect.String:
						quoted = true
					}
				}
				if name != "" || !sf.Anonymous || ft.Kind() != reflect.Struct {
					tagged := name != ""
					if name == "" {
						name = sf.Name
					}
					fields = append(fields, Field{
						Name: name, Tagged: tagged, Index: index, Type: sf.Type,
						OmitEmpty: slices.Contains(options, "omitempty"),
						OmitZero:  slices.Contains(options, "omitzero"),
						Quoted:    quoted,
					})
					if count[f.typ] > 1 {
						// Embedded twice at this depth: a duplicate, so
						// that both are dropped below.
						fields = append(fields, fields[len(fields)-1])
					}
					continue
				}
				if sf.Type.Kind() == reflect.Pointer {
					out.EmbedsPointer = true
				}
				nextCount[ft]++
				if nextCount[ft] == 1 {
					next = append(next, pending{typ: ft, index: index})
				}
			}
		}
	}
	slices.SortFunc(fields, func(a, b Field) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		if c := cmp.Compare(len(a.Index), len(b.Index)); c != 0 {
			return c
		}
		if a.Tagged != b.Tagged {
			if a.Tagged {
				return -1
			}
			return +1
		}
		return slices.Compare(a.Index, b.Index)
	})
	// Keep the dominant field of each name: the shallowest, tagged before
	// untagged; none when two tie.
	kept := fields[:0]
	for advance, i := 0, 0; i < len(fields); i += advance {
		name := fields[i].Name
		for advance = 1; i+advance < len(fields); advance++ {
			if fields[i+advance].Name != name {
				break
			}
		}
		if advance > 1 && len(fields[i].Index) == len(fields[i+1].Index) && fields[i].Tagged == fields[i+1].Tagged {
			continue
		}
		kept = append(kept, fields[i])
	}
	slices.SortFunc(kept, func(a, b Field) int { return slices.Compare(a.Index, b.Index) })
	out.Fields = slices.Clip(kept)
	if out.Fields == nil {
		out.Fields = []Field{}
	}
	return out
}
