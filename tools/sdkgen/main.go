// Command sdkgen writes the Node.js and Go SDKs of a Pulumi package from its schema, with Pulumi's own code
// generators (pkg/codegen/nodejs and pkg/codegen/go): what `pulumi package gen-sdk` does, without the language
// hosts it needs (the module proxy refuses the official nodejs and go hosts).
//
//	sdkgen -schema sdk/schema.json -nodejs sdk/nodejs -go sdk/go
//
// Each output directory is emptied and rewritten. The Go SDK gets a go.mod (the generator writes none) whose
// module path is the schema's language.go.importBasePath minus its last element.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "pulumi-personalize sdkgen"

// The Pulumi Go SDK the generated Go SDK requires: the one this tool is built with (see go.mod).
const pulumiGoSDK = "github.com/pulumi/pulumi/sdk/v3 v3.274.1"

func main() {
	schemaPath := flag.String("schema", "", "the package schema (JSON)")
	nodejsDir := flag.String("nodejs", "", "where to write the Node.js SDK (emptied first)")
	goDir := flag.String("go", "", "where to write the Go SDK (emptied first)")
	flag.Parse()
	if *schemaPath == "" || (*nodejsDir == "" && *goDir == "") {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*schemaPath, *nodejsDir, *goDir); err != nil {
		fmt.Fprintf(os.Stderr, "sdkgen: %v\n", err)
		os.Exit(1)
	}
}

// bind reads and validates the schema. It refers to no other package: a loader that never loads will do.
func bind(schemaPath string) (*schema.Package, error) {
	text, err := os.ReadFile(schemaPath)
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(text, &spec); err != nil {
		return nil, fmt.Errorf("%s: %w", schemaPath, err)
	}
	pkg, diags, err := schema.BindSpec(spec, schema.NewNullLoader(), schema.ValidationOptions{})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s: %s", schemaPath, diags.Error())
	}
	return pkg, nil
}

func run(schemaPath, nodejsDir, goDir string) error {
	if nodejsDir != "" {
		pkg, err := bind(schemaPath)
		if err != nil {
			return err
		}
		// A local SDK, as `pulumi package add` makes: programs install it from this checkout (a file: dependency)
		// and its postinstall script compiles it with tsc; no build or publish step.
		files, err := nodejs.GeneratePackage(tool, pkg, nil, nil, true, nil)
		if err != nil {
			return fmt.Errorf("nodejs: %w", err)
		}
		if err := write(nodejsDir, files); err != nil {
			return err
		}
	}
	if goDir != "" {
		pkg, err := bind(schemaPath) // a fresh bind: GeneratePackage records its language info in the package
		if err != nil {
			return err
		}
		files, err := gogen.GeneratePackage(tool, pkg, nil)
		if err != nil {
			return fmt.Errorf("go: %w", err)
		}
		info, _ := pkg.Language["go"].(gogen.GoPackageInfo)
		if info.ImportBasePath == "" {
			return fmt.Errorf("%s: language.go.importBasePath is required", schemaPath)
		}
		files["go.mod"] = []byte(fmt.Sprintf("module %s\n\ngo 1.24\n\nrequire (\n\tgithub.com/blang/semver v3.5.1+incompatible\n\t%s\n)\n",
			path.Dir(info.ImportBasePath), pulumiGoSDK))
		if err := write(goDir, files); err != nil {
			return err
		}
	}
	return nil
}

// write empties dir and writes files (paths relative to dir, slash-separated) into it.
func write(dir string, files map[string][]byte) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	for name, content := range files {
		if strings.HasPrefix(path.Clean(name), "..") || path.IsAbs(name) {
			return fmt.Errorf("generated file outside its directory: %s", name)
		}
		target := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, content, 0o644); err != nil {
			return err
		}
	}
	return nil
}
