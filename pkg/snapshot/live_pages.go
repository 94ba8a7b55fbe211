package snapshot

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
)

// Pods and events, the two large lists, are read as streams: asked for in
// Kubernetes' protobuf encoding (the API server serves every built-in type
// in it; JSON when it does not) and read item by item as the answer
// arrives, never held whole. The list's metadata comes before its items,
// so the next page is asked for as soon as the continue token is read,
// while this page's items are still arriving and being decoded; and each
// item's own bytes are at hand, to be kept compact until the diagnosis
// knows whether it needs the item. Pages can be large (see pageSize)
// without costing memory.

const (
	protobufType = "application/vnd.kubernetes.protobuf"
	// acceptLists prefers protobuf and takes JSON from a server (or proxy)
	// that will not serve it.
	acceptLists = protobufType + ", application/json"
)

// protobufMagic starts every protobuf-encoded object (k8s.io/apimachinery
// runtime/serializer/protobuf).
var protobufMagic = []byte("k8s\x00")

// maxProtobufHeader bounds the parts of a protobuf list read whole besides
// its items (TypeMeta, ListMeta, trailing fields): a continue token is a
// few hundred bytes.
const maxProtobufHeader = 1 << 20

// listPage is one page of a list: its metadata, and its items, either
// decoded (a JSON answer, or the typed client's) or still to be read, one
// by one as protobuf bytes, from the answer's stream.
type listPage[T any] struct {
	meta   metav1.ListMeta
	items  []T
	stream *protobufItems
}

// each hands the page's items to decoded, or, read one by one from the
// stream, their protobuf bytes to raw (which must not keep them: the
// buffer is reused). It returns the number of items.
func (p *listPage[T]) each(decoded func([]T) error, raw func([]byte) error) (int, error) {
	if p.stream == nil {
		return len(p.items), decoded(p.items)
	}
	return p.stream.each(raw)
}

// close ends the page's answer, read or not.
func (p *listPage[T]) close() {
	if p != nil && p.stream != nil {
		p.stream.close()
	}
}

// pageFetcher asks for pages of one collection.
type pageFetcher[T any] struct {
	client    rest.Interface
	namespace string
	resource  string // "pods", "events"
	listKind  string // "PodList", "EventList": what a protobuf page must hold
	// decodeJSON decodes a page the server sent in JSON.
	decodeJSON func([]byte) ([]T, metav1.ListMeta, error)
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

// fetch sends one list request and reads its answer up to the list's
// metadata: the items of a protobuf answer are left in the stream.
func (f pageFetcher[T]) fetch(ctx context.Context, opts metav1.ListOptions) (*listPage[T], error) {
	if f.client == nil {
		items, meta, err := f.list(ctx, opts)
		if err != nil {
			return nil, err
		}
		return &listPage[T]{meta: meta, items: items}, nil
	}
	body, err := f.client.Get().
		NamespaceIfScoped(f.namespace, f.namespace != "").
		Resource(f.resource).
		VersionedParams(&opts, scheme.ParameterCodec).
		SetHeader("Accept", acceptLists).
		Stream(ctx)
	if err != nil {
		return nil, err
	}
	in := bufio.NewReaderSize(body, 64<<10)
	if start, _ := in.Peek(len(protobufMagic)); string(start) != string(protobufMagic) {
		defer body.Close()
		data, err := io.ReadAll(in)
		if err != nil {
			return nil, fmt.Errorf("read a page of %s: %w", f.resource, err)
		}
		items, meta, err := f.decodeJSON(data)
		if err != nil {
			return nil, fmt.Errorf("decode a page of %s: %w", f.resource, err)
		}
		return &listPage[T]{meta: meta, items: items}, nil
	}
	meta, items, err := openProtobufList(in, body, f.listKind)
	if err != nil {
		body.Close()
		return nil, fmt.Errorf("read a page of %s: %w", f.resource, err)
	}
	return &listPage[T]{meta: meta, stream: items}, nil
}

// protobufItems reads the items of a protobuf list from its stream.
type protobufItems struct {
	in   *bufio.Reader
	body io.Closer
	// left is how many bytes of the list message are still unread.
	left uint64
	// early are items that came before the list's metadata, which the API
	// server never sends but the encoding allows.
	early [][]byte
	buf   []byte
}

// openProtobufList reads a protobuf list up to its metadata: the magic
// number, then a runtime.Unknown whose field 1 is the TypeMeta and field 2
// the list, whose field 1 is the ListMeta and field 2 each item.
func openProtobufList(in *bufio.Reader, body io.Closer, listKind string) (metav1.ListMeta, *protobufItems, error) {
	var meta metav1.ListMeta
	if _, err := in.Discard(len(protobufMagic)); err != nil {
		return meta, nil, err
	}
	kind := ""
	// The Unknown's fields up to the list.
	for {
		field, wire, err := readTag(in)
		if err == io.EOF {
			return meta, nil, errors.New("protobuf answer without a list")
		}
		if err != nil {
			return meta, nil, err
		}
		if field == 2 && wire == 2 {
			size, err := binary.ReadUvarint(in)
			if err != nil {
				return meta, nil, malformed(err)
			}
			if kind != listKind {
				return meta, nil, fmt.Errorf("answer is a %q, want a %s", kind, listKind)
			}
			items := &protobufItems{in: in, body: body, left: size}
			return items.readMeta()
		}
		value, err := readField(in, wire, maxProtobufHeader, nil)
		if err != nil {
			return meta, nil, err
		}
		if field == 1 && wire == 2 { // TypeMeta: apiVersion (1), kind (2)
			err := eachField(value, func(field int, v []byte) error {
				if field == 2 {
					kind = string(v)
				}
				return nil
			})
			if err != nil {
				return meta, nil, err
			}
		}
	}
}

// readMeta reads the list's fields up to its metadata, keeping any item
// that comes first.
func (p *protobufItems) readMeta() (metav1.ListMeta, *protobufItems, error) {
	var meta metav1.ListMeta
	for p.left > 0 {
		field, wire, value, err := p.next(maxProtobufHeader)
		if err != nil {
			return meta, nil, err
		}
		switch {
		case field == 1 && wire == 2:
			if err := meta.Unmarshal(value); err != nil {
				return meta, nil, err
			}
			return meta, p, nil
		case field == 2 && wire == 2:
			p.early = append(p.early, append([]byte(nil), value...))
		}
	}
	return meta, p, nil
}

// maxProtobufItem bounds one item of a list: the API server refuses
// objects above 1.5 MiB (etcd's request limit), so 64 MiB is far beyond
// any real one and still refuses a runaway length.
const maxProtobufItem = 64 << 20

// each reads the list's items to its end, handing each to raw.
func (p *protobufItems) each(raw func([]byte) error) (int, error) {
	n := 0
	for _, item := range p.early {
		n++
		if err := raw(item); err != nil {
			return n, err
		}
	}
	p.early = nil
	for p.left > 0 {
		field, wire, value, err := p.next(maxProtobufItem)
		if err != nil {
			return n, err
		}
		if field == 2 && wire == 2 {
			n++
			if err := raw(value); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

// next reads one field of the list, counting its bytes against what is
// left; a length-delimited value above limit is malformed.
func (p *protobufItems) next(limit uint64) (field int, wire uint64, value []byte, err error) {
	counted := &countingReader{in: p.in}
	field, wire, err = readTag(counted)
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		return 0, 0, nil, malformed(err)
	}
	value, err = readField(counted, wire, min(limit, p.left), p.buf[:0])
	if err != nil {
		return 0, 0, nil, err
	}
	if wire == 2 && cap(value) > cap(p.buf) {
		p.buf = value[:0]
	}
	if counted.n > p.left {
		return 0, 0, nil, errors.New("malformed protobuf: an item runs past the end of its list")
	}
	p.left -= counted.n
	return field, wire, value, nil
}

// close ends the answer: the rest of it, if any, is not read.
func (p *protobufItems) close() { p.body.Close() }

// countingReader counts the bytes read through it.
type countingReader struct {
	in *bufio.Reader
	n  uint64
}

func (c *countingReader) ReadByte() (byte, error) {
	b, err := c.in.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.in.Read(p)
	c.n += uint64(n)
	return n, err
}

// byteReader reads bytes one at a time and in blocks.
type byteReader interface {
	io.ByteReader
	io.Reader
}

// readTag reads a field's tag: io.EOF when there is no more field.
func readTag(in byteReader) (field int, wire uint64, err error) {
	tag, err := binary.ReadUvarint(in)
	if err != nil {
		return 0, 0, err
	}
	return int(tag >> 3), tag & 7, nil
}

// readField reads a field's value after its tag: the bytes of a
// length-delimited field (into buf, grown as needed), nothing for the
// others, which are passed over.
func readField(in byteReader, wire uint64, limit uint64, buf []byte) ([]byte, error) {
	switch wire {
	case 0: // varint
		_, err := binary.ReadUvarint(in)
		return nil, malformed(err)
	case 1, 5: // 64-bit, 32-bit
		skip := 8
		if wire == 5 {
			skip = 4
		}
		_, err := io.CopyN(io.Discard, in, int64(skip))
		return nil, malformed(err)
	case 2:
		size, err := binary.ReadUvarint(in)
		if err != nil {
			return nil, malformed(err)
		}
		if size > limit {
			return nil, fmt.Errorf("malformed protobuf: a field of %d bytes, more than the %d it may have", size, limit)
		}
		if uint64(cap(buf)) < size {
			buf = make([]byte, size)
		}
		buf = buf[:size]
		if _, err := io.ReadFull(in, buf); err != nil {
			return nil, malformed(err)
		}
		return buf, nil
	}
	return nil, fmt.Errorf("malformed protobuf: wire type %d", wire)
}

// malformed says that a read error is the answer's truncation.
func malformed(err error) error {
	if err == nil {
		return nil
	}
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("malformed protobuf: %w", err)
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

// anyVersion is the resourceVersion every list of Live starts at: "0",
// any version the API server has, the newest it has preferred. The server
// then answers from its watch cache, when it keeps one of the resource, at
// no cost to etcd, rather than reading etcd for a consistent list (which
// servers from 1.31 on also take from the cache, but only with etcd 3.4.31
// or 3.5.13 and later; older servers never do). What the cache holds can
// lag etcd by the time it takes the server to see a write, milliseconds;
// pods and events are listed at different moments anyway, so a diagnosis
// is never one consistent instant of the cluster. Informers start their
// lists the same way. A cache ignores the limit of such a list and sends
// the whole collection in one page, which a stream reads item by item
// (see fetch). A continue token carries its own version; asking for the
// rest of a list names none.
const anyVersion = "0"

// progressEvery is how many items of a page are read between two progress
// reports.
const progressEvery = 1000

// streamPages lists a collection page by page, handing each page's items
// to decoded or raw (see listPage.each) in order, and asks for the next
// page as soon as the continue token of the last one is read, so the
// server prepares it while this one's items arrive and are decoded. When a
// token expires (410 Gone) it calls restart and starts again from the first
// page, once, as a consistent list must; a second expiry is an error.
func streamPages[T any](ctx context.Context, r *liveRun, stage string, f pageFetcher[T], opts metav1.ListOptions,
	decoded func([]T) error, raw func([]byte) error, restart func()) error {
	opts.Limit, opts.ResourceVersion = r.opts.PageSize, anyVersion
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
	defer func() {
		// A page asked for and never read is closed when it comes.
		if next != nil {
			cancel()
			if a := <-next; a.page != nil {
				a.page.close()
			}
		}
	}()
	for {
		a := <-next
		next = nil
		if a.err != nil {
			r.sent(stage, read)
			if opts.Continue != "" && !restarted && (apierrors.IsResourceExpired(a.err) || apierrors.IsGone(a.err)) {
				restarted, read, opts.Continue, opts.ResourceVersion = true, 0, "", anyVersion
				restart()
				next = ask(opts)
				continue
			}
			return a.err
		}
		more := a.page.meta.Continue != ""
		if more {
			opts.Continue, opts.ResourceVersion = a.page.meta.Continue, ""
			next = ask(opts)
		}
		inPage := 0
		n, err := a.page.each(decoded, func(item []byte) error {
			// A long page reports as it goes: a progress line stays
			// alive, and the memory limit follows the heap.
			if inPage++; inPage%progressEvery == 0 {
				r.progress(stage, read+inPage)
			}
			return raw(item)
		})
		a.page.close()
		read += n
		r.sent(stage, read)
		if err != nil {
			return err
		}
		if !more {
			return nil
		}
	}
}
