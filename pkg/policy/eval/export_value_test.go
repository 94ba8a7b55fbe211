package eval

// For the external tests of this package.
var (
	DirectValue = directValue
	Identical   = identical
)
