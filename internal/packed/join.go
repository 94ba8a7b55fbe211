package packed

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/poddoctor/poddoctor/internal/parallel"
)

// packMembers packs the members of an object on every core, each into a
// buffer of its own, and joins them behind the object's header: a lint run
// waits for its inventory with nothing else to do. A string or list two
// members both hold is packed in each.
func packMembers(obj ast.Object) (*Value, error) {
	members, err := appendMembers(nil, obj)
	if err != nil {
		return nil, err
	}

	// Each member packs its key and its value; parts[i] is member i's.
	type part struct {
		buf        []byte
		key, value uint32
		err        error
	}
	parts := make([]part, len(members))
	parallel.For(len(members), parallel.Workers(0), func(i int) {
		p := newPacker()
		key, err := p.term(members[i].keyTerm)
		if err == nil {
			var value uint32
			value, err = p.term(members[i].value)
			parts[i] = part{buf: p.buf, key: key, value: value}
		}
		parts[i].err = err
	})
	for _, part := range parts {
		if part.err != nil {
			return nil, part.err
		}
	}

	// The object's header, then each part moved to where it lands.
	size := 5 + 8*len(parts)
	for _, part := range parts {
		size += len(part.buf)
	}
	if uint64(size) > math.MaxUint32 {
		return nil, fmt.Errorf("pack a Rego value: more than %d bytes", uint64(math.MaxUint32))
	}
	buf := make([]byte, 0, size)
	buf = append(buf, tagObject)
	buf = binary.LittleEndian.AppendUint32(buf, uint32(len(parts)))
	buf = append(buf, make([]byte, 8*len(parts))...)
	for i, part := range parts {
		base := uint32(len(buf))
		buf = append(buf, part.buf...)
		relocate(buf[base:], base)
		binary.LittleEndian.PutUint32(buf[5+8*i:], base+part.key)
		binary.LittleEndian.PutUint32(buf[5+8*i+4:], base+part.value)
	}
	return &Value{buf: buf, root: 0}, nil
}

// relocate adds base to every offset of a packed buffer that is moved to
// base: a packer writes each value whole, one after the other, so the
// buffer is read from its start as a sequence of values.
func relocate(buf []byte, base uint32) {
	for at := 0; at < len(buf); {
		switch buf[at] {
		case tagNull, tagFalse, tagTrue:
			at++
		case tagNumber, tagString:
			at += 5 + int(binary.LittleEndian.Uint32(buf[at+1:]))
		default: // tagArray, tagObject: n slots of offsets
			n := int(binary.LittleEndian.Uint32(buf[at+1:]))
			if buf[at] == tagObject {
				n *= 2
			}
			at += 5
			for range n {
				binary.LittleEndian.PutUint32(buf[at:], binary.LittleEndian.Uint32(buf[at:])+base)
				at += 4
			}
		}
	}
}
