//go:build tools

// Package tools pins the Pulumi YAML language host's main package so that go.mod and go.sum record every
// module it is built from.
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
