package policy

// For the external tests of this package.
var (
	DirectValue = directValue
	Identical   = identical
)
