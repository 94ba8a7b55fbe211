package manifest

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"
)

// normalizeText returns data as UTF-8 with "\n" or "\r\n" line breaks and
// no byte order mark, so that documents can be cut at line starts and the
// line numbers of the cutter agree with those of the YAML parser.
//
// UTF-16 input is real: Windows PowerShell 5 writes it for
// `kubectl get -o yaml > file`. A lone "\r" is a line break to YAML, but
// not to a cutter that looks for "\n", so it becomes "\n".
// The input is copied only when something has to change.
func normalizeText(data []byte) []byte {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		data = utf16ToUTF8(data[2:], false)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		data = utf16ToUTF8(data[2:], true)
	}
	if bytes.IndexByte(data, '\r') < 0 {
		return data
	}
	return replaceLoneCR(data)
}

// utf16ToUTF8 decodes UTF-16 text; a trailing odd byte is dropped.
func utf16ToUTF8(data []byte, bigEndian bool) []byte {
	units := make([]uint16, len(data)/2)
	for i := range units {
		lo, hi := data[2*i], data[2*i+1]
		if bigEndian {
			lo, hi = hi, lo
		}
		units[i] = uint16(lo) | uint16(hi)<<8
	}
	out := make([]byte, 0, len(units))
	for _, r := range utf16.Decode(units) {
		out = utf8.AppendRune(out, r)
	}
	return out
}

// replaceLoneCR turns every "\r" not followed by "\n" into "\n".
func replaceLoneCR(data []byte) []byte {
	var out []byte
	for i := 0; i < len(data); i++ {
		if data[i] != '\r' || (i+1 < len(data) && data[i+1] == '\n') {
			continue
		}
		if out == nil {
			out = bytes.Clone(data)
		}
		out[i] = '\n'
	}
	if out == nil {
		return data
	}
	return out
}
