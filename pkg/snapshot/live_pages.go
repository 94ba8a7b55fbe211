package snapshot

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
)

// Pods and events, the two large lists, are read as raw pages: asked for in
// Kubernetes' protobuf encoding (the API server serves every built-in type
// in it; JSON when it does not), so that the continue token can be read off
// the front of a page and the next page asked for while this one is
// decoded, and so that each item's own bytes can be kept, compact, until
// the diagnosis knows whether it needs the item.

const (
	protobufType = "application/vnd.kubernetes.protobuf"
	// acceptLists prefers protobuf and takes JSON from a server (or proxy)
	// that will not serve it.
	acceptLists = protobufType + ", application/json"
)

// protobufMagic starts every protobuf-encoded object (k8s.io/apimachinery
// runtime/serializer/protobuf).
var protobufMagic = []byte("k8s\x00")

// listPage is one page of a list as the server sent it.
type listPage[T any] struct {
	meta metav1.ListMeta
	// raw holds each item's protobuf bytes, pointing into the page, when
	// the server answered in protobuf; items the decoded items otherwise.
	raw   [][]byte
	items []T
}

func (p *listPage[T]) len() int {
	if p == nil {
		return 0
	}
	return len(p.raw) + len(p.items)
}

// pageFetcher asks for pages of one collection.
type pageFetcher[T any] struct {
	client    rest.Interface
	namespace string
	resource  string // "pods", "events"
	listKind  string // "PodList", "EventList": what a protobuf page must hold
	// decodeJSON decodes a page the server sent in JSON.
	decodeJSON func(rest.Result) ([]T, metav1.ListMeta, error)
	// list lists with the typed client instead, when client is nil.
	list func(context.Context, metav1.ListOptions) ([]T, metav1.ListMeta, error)
}

// restClient is the REST client of a typed client, or nil when it has none:
// client-go's fake clientsets return a nil one.
func restClient(c rest.Interface) rest.Interface {
	if rc, ok := c.(*rest.RESTClient); c == nil || (ok && rc == nil) {
		return nil
	}
	return c
}

// fetch sends one list request and reads its answer.
func (f pageFetcher[T]) fetch(ctx context.Context, opts metav1.ListOptions) (*listPage[T], error) {
	if f.client == nil {
		items, meta, err := f.list(ctx, opts)
		if err != nil {
			return nil, err
		}
		return &listPage[T]{meta: meta, items: items}, nil
	}
	res := f.client.Get().
		NamespaceIfScoped(f.namespace, f.namespace != "").
		Resource(f.resource).
		VersionedParams(&opts, scheme.ParameterCodec).
		SetHeader("Accept", acceptLists).
		Do(ctx)
	if err := res.Error(); err != nil {
		return nil, err
	}
	var contentType string
	res.ContentType(&contentType)
	if !isProtobuf(contentType) {
		items, meta, err := f.decodeJSON(res)
		if err != nil {
			return nil, err
		}
		return &listPage[T]{meta: meta, items: items}, nil
	}
	body, _ := res.Raw()
	meta, raw, err := splitProtobufList(body, f.listKind)
	if err != nil {
		return nil, fmt.Errorf("read a page of %s: %w", f.resource, err)
	}
	return &listPage[T]{meta: meta, raw: raw}, nil
}

func isProtobuf(contentType string) bool {
	return len(contentType) >= len(protobufType) && contentType[:len(protobufType)] == protobufType
}

// splitProtobufList reads a protobuf list: the magic number, then a
// runtime.Unknown whose field 1 is the TypeMeta and field 2 the list, whose
// field 1 is the ListMeta and field 2 each item. Only the metadata is
// decoded; the items are returned as they are.
func splitProtobufList(body []byte, listKind string) (meta metav1.ListMeta, items [][]byte, err error) {
	if len(body) < len(protobufMagic) || string(body[:len(protobufMagic)]) != string(protobufMagic) {
		return meta, nil, errors.New("protobuf answer without the k8s magic number")
	}
	var kind string
	var list []byte
	err = eachField(body[len(protobufMagic):], func(field int, value []byte) error {
		switch field {
		case 1: // TypeMeta: apiVersion (1), kind (2)
			return eachField(value, func(field int, v []byte) error {
				if field == 2 {
					kind = string(v)
				}
				return nil
			})
		case 2:
			list = value
		}
		return nil
	})
	if err != nil {
		return meta, nil, err
	}
	if kind != listKind {
		return meta, nil, fmt.Errorf("answer is a %q, want a %s", kind, listKind)
	}
	err = eachField(list, func(field int, value []byte) error {
		switch field {
		case 1:
			return meta.Unmarshal(value)
		case 2:
			items = append(items, value)
		}
		return nil
	})
	return meta, items, err
}

// eachField calls f with the number and bytes of every length-delimited
// field of a protobuf message; varint and fixed fields are passed over.
func eachField(msg []byte, f func(field int, value []byte) error) error {
	for len(msg) > 0 {
		tag, n := binary.Uvarint(msg)
		if n <= 0 {
			return errors.New("malformed protobuf: bad field tag")
		}
		msg = msg[n:]
		field, wire := int(tag>>3), tag&7
		switch wire {
		case 0: // varint
			_, n := binary.Uvarint(msg)
			if n <= 0 {
				return errors.New("malformed protobuf: bad varint")
			}
			msg = msg[n:]
		case 1: // 64-bit
			if len(msg) < 8 {
				return errors.New("malformed protobuf: short fixed64")
			}
			msg = msg[8:]
		case 5: // 32-bit
			if len(msg) < 4 {
				return errors.New("malformed protobuf: short fixed32")
			}
			msg = msg[4:]
		case 2: // length-delimited
			size, n := binary.Uvarint(msg)
			if n <= 0 || size > uint64(len(msg)-n) {
				return errors.New("malformed protobuf: bad length")
			}
			value := msg[n : n+int(size)]
			msg = msg[n+int(size):]
			if err := f(field, value); err != nil {
				return err
			}
		default:
			return fmt.Errorf("malformed protobuf: wire type %d", wire)
		}
	}
	return nil
}

// streamPages lists a collection page by page, handing each page to
// handle in order, and asks for the next page as soon as the continue token
// of the last one is known, so the server prepares it while handle decodes.
// When a token expires (410 Gone) it calls restart and starts again from the
// first page, once, as a consistent list must; a second expiry is an error.
func streamPages[T any](ctx context.Context, r *liveRun, stage string, f pageFetcher[T], opts metav1.ListOptions,
	handle func(*listPage[T]) error, restart func()) error {
	opts.Limit = r.opts.PageSize
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // ends a request for a page nobody will read
	type answer struct {
		page *listPage[T]
		err  error
	}
	ask := func(o metav1.ListOptions) <-chan answer {
		ch := make(chan answer, 1)
		go func() {
			page, err := f.fetch(ctx, o)
			ch <- answer{page, err}
		}()
		return ch
	}
	read, restarted := 0, false
	next := ask(opts)
	for {
		a := <-next
		read += a.page.len()
		r.sent(stage, read)
		if a.err != nil {
			if opts.Continue != "" && !restarted && (apierrors.IsResourceExpired(a.err) || apierrors.IsGone(a.err)) {
				restarted, read, opts.Continue = true, 0, ""
				restart()
				next = ask(opts)
				continue
			}
			return a.err
		}
		more := a.page.meta.Continue != ""
		if more {
			opts.Continue = a.page.meta.Continue
			next = ask(opts)
		}
		if err := handle(a.page); err != nil {
			return err
		}
		if !more {
			return nil
		}
	}
}
