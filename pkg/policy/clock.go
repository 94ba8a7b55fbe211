package policy

import (
	"context"
	"time"
)

// clockKey carries the evaluation clock in the context.
type clockKey struct{}

// WithClock sets the time that time.now_ns and the built-ins which read
// the clock (io.jwt.decode_verify, crypto.x509.parse_and_verify_certificates)
// see in evaluations under ctx. A diagnosis passes the snapshot's capture
// time, so that the same snapshot gives the same findings on any day.
func WithClock(ctx context.Context, now time.Time) context.Context {
	return context.WithValue(ctx, clockKey{}, now)
}

// clockFrom is the clock set by WithClock; zero when none is.
func clockFrom(ctx context.Context) time.Time {
	now, _ := ctx.Value(clockKey{}).(time.Time)
	return now
}
