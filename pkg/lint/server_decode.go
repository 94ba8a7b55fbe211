package lint

import (
	"encoding/json"

	sigsjson "sigs.k8s.io/json"

	"github.com/poddoctor/poddoctor/pkg/manifest"
)

// decodeAsServer decodes obj into the typed object into as the API server
// decodes a request: member names case-sensitively (encoding/json would
// read insecureSkipTlsVerify as insecureSkipTLSVerify, a field the server
// drops) and integers kept as integers.
func decodeAsServer(obj *manifest.Object, into any) error {
	data, err := json.Marshal(obj.Data)
	if err != nil {
		return err
	}
	return sigsjson.UnmarshalCaseSensitivePreserveInts(data, into)
}
