package manifest

import (
	"strings"
	"unique"
)

// The fast parser cuts the text of keys and scalars out of the file's bytes
// instead of copying it (fastyaml.go), and the node tree keeps those
// pieces. They never leave this package: the decoder gives Object.Data,
// and through it every finding, inventory and cache of other packages,
// strings of their own. A string kept after its object is gone (an object
// name in a finding, a key in the inventory) then keeps only itself, not
// the whole file, and no other package has to remember to copy.
//
// Keys repeat (metadata, name, image, containers): one canonical copy of
// each, through unique, costs a lookup and no allocation after the first.
// Values mostly differ from object to object, and are copied.

// ownKey returns the canonical copy of a mapping key.
func ownKey(s string) string {
	return unique.Make(s).Value()
}

// ownValue returns a copy of a string value.
func ownValue(s string) string {
	return strings.Clone(s)
}

// keyCache remembers the canonical keys one goroutine has met, by their
// text: a map lookup costs less than half of unique.Make's, which was 2 %
// of a lint run. It is cleared when full, so that a document of millions
// of distinct keys (a huge ConfigMap) cannot grow it without end.
type keyCache map[string]string

// maxCachedKeys bounds a keyCache; manifests use a few hundred keys.
const maxCachedKeys = 4096

// own returns the canonical copy of key, as ownKey does.
func (c *keyCache) own(key string) string {
	if k, ok := (*c)[key]; ok {
		return k
	}
	k := ownKey(key)
	if *c == nil {
		*c = make(keyCache, 256)
	} else if len(*c) >= maxCachedKeys {
		clear(*c)
	}
	(*c)[k] = k
	return k
}
