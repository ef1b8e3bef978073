//go:build race

package e2e

// raceBuild: the tests run with -race. See raceBinary.
const raceBuild = true
