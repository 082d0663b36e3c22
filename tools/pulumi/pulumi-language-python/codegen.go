// Code generation: what `pulumi import`, `pulumi convert`, `pulumi package gen-sdk` and `pulumi package add` ask
// of a Python language host. Each call hands the work to Pulumi's own Python generator (pkg/codegen/python), as
// the official host does, with the schemas served by the engine's loader (LoaderTarget).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	hclsyntax "github.com/pulumi/pulumi/pkg/v3/codegen/hcl2/syntax"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	codegen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/pulumi/pulumi/sdk/v3/python/toolchain"
)

// toolName is the generator name the SDKs it writes record (in their header comments).
const toolName = "pulumi-language-python"

// loader connects to the engine's schema loader; close it when done.
func loader(target string) (*schema.LoaderClient, schema.ReferenceLoader, error) {
	if target == "" {
		return nil, nil, errors.New("no schema loader: the request has no loader_target")
	}
	client, err := schema.NewLoaderClient(target)
	if err != nil {
		return nil, nil, fmt.Errorf("connecting to the schema loader at %s: %w", target, err)
	}
	return client, schema.NewCachedLoader(client), nil
}

// bindOptions are the PCL options of both program generators: output-versioned invokes (what the Python generator
// writes best) and, unless strict, the lenient binding `pulumi import` relies on (its code may name a parent or a
// provider it does not declare).
func bindOptions(strict bool) []pcl.BindOption {
	options := []pcl.BindOption{pcl.PreferOutputVersionedInvokes}
	if !strict {
		options = append(options, pcl.NonStrictBindOptions()...)
	}
	return options
}

// GenerateProgram turns PCL source (file name to text) into Python files: the code `pulumi import` prints or writes
// with --out, and what `pulumi convert` asks for file by file.
func (h *host) GenerateProgram(
	_ context.Context, req *pulumirpc.GenerateProgramRequest,
) (*pulumirpc.GenerateProgramResponse, error) {
	client, schemas, err := loader(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	defer client.Close()

	parser := hclsyntax.NewParser()
	names := make([]string, 0, len(req.GetSource()))
	for name := range req.GetSource() {
		names = append(names, name)
	}
	sort.Strings(names) // a stable order of files, so of diagnostics
	for _, name := range names {
		if err := parser.ParseFile(strings.NewReader(req.GetSource()[name]), name); err != nil {
			return nil, err
		}
	}
	if parser.Diagnostics.HasErrors() {
		return &pulumirpc.GenerateProgramResponse{
			Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(parser.Diagnostics),
		}, nil
	}

	program, diags, err := pcl.BindProgram(parser.Files, schemas, bindOptions(req.GetStrict())...)
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() || program == nil {
		return &pulumirpc.GenerateProgramResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
	}
	files, genDiags, err := codegen.GenerateProgram(program)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.GenerateProgramResponse{
		Source:      files,
		Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(append(diags, genDiags...)),
	}, nil
}

// GenerateProject writes a whole Python project (Pulumi.yaml, __main__.py, requirements.txt) from a directory of
// PCL: what `pulumi convert --language python` asks for.
func (h *host) GenerateProject(
	_ context.Context, req *pulumirpc.GenerateProjectRequest,
) (*pulumirpc.GenerateProjectResponse, error) {
	client, schemas, err := loader(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	defer client.Close()

	program, diags, err := pcl.BindDirectory(req.GetSourceDirectory(), schemas, bindOptions(req.GetStrict())...)
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() || program == nil {
		return &pulumirpc.GenerateProjectResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
	}
	var project workspace.Project
	if err := json.Unmarshal([]byte(req.GetProject()), &project); err != nil {
		return nil, fmt.Errorf("the project to generate: %w", err)
	}
	// No typechecker, and the toolchain left to the generator's default (pip, as `pulumi new` makes).
	if err := codegen.GenerateProject(
		req.GetTargetDirectory(), project, program, req.GetLocalDependencies(), "", "",
	); err != nil {
		return nil, err
	}
	return &pulumirpc.GenerateProjectResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
}

// GeneratePackage writes the Python SDK of a package schema into req.Directory: `pulumi package gen-sdk
// --language python` and `pulumi package add` in a Python project. The package's Python name comes from the
// schema's language.python.packageName, else pulumi_<name>.
func (h *host) GeneratePackage(
	_ context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	client, schemas, err := loader(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	defer client.Close()

	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.GetSchema()), &spec); err != nil {
		return nil, fmt.Errorf("the package schema: %w", err)
	}
	pkg, diags, err := schema.BindSpec(spec, schemas, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return &pulumirpc.GeneratePackageResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
	}
	files, err := codegen.GeneratePackage(toolName, pkg, req.GetExtraFiles(), schemas)
	if err != nil {
		return nil, err
	}
	if err := writeFiles(req.GetDirectory(), files); err != nil {
		return nil, err
	}
	return &pulumirpc.GeneratePackageResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
}

// writeFiles writes generated files (slash-separated paths relative to dir) under dir, refusing any path that
// would leave it.
func writeFiles(dir string, files map[string][]byte) error {
	for name, content := range files {
		clean := path.Clean(name)
		if path.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, "../") {
			return fmt.Errorf("generated file outside its directory: %s", name)
		}
		target := filepath.Join(dir, filepath.FromSlash(clean))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return fmt.Errorf("creating %s: %w", filepath.Dir(target), err)
		}
		if err := os.WriteFile(target, content, 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", target, err)
		}
	}
	return nil
}

// linkedSDK is what Link learns from an SDK directory that GeneratePackage wrote.
type linkedSDK struct {
	path         string // as the request gives it: relative to the project's root
	distribution string // the pyproject.toml project name (what pip installs)
	module       string // the top-level module (the folder with pulumi-plugin.json)
	alias        string // the name generated programs import it as: the Pulumi package's name
}

func readLinkedSDK(root, relative string) (linkedSDK, error) {
	dir := relative
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(root, relative)
	}
	sdk := linkedSDK{path: relative}
	if pyproject, err := toolchain.LoadPyproject(dir); err == nil && pyproject.Project != nil {
		sdk.distribution = pyproject.Project.Name
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return sdk, fmt.Errorf("the SDK to link: %w", err)
	}
	for _, entry := range entries {
		if entry.IsDir() {
			if _, err := os.Stat(filepath.Join(dir, entry.Name(), "pulumi-plugin.json")); err == nil {
				sdk.module = entry.Name()
				break
			}
		}
	}
	if sdk.module == "" {
		return sdk, fmt.Errorf("%s holds no generated Python SDK (no <module>/pulumi-plugin.json)", dir)
	}
	if sdk.distribution == "" {
		sdk.distribution = sdk.module
	}
	return sdk, nil
}

// Link records generated SDKs as dependencies of a project (`pulumi package add`, `pulumi convert`): their paths go
// into requirements.txt (pip, when the project has one) or pyproject.toml (uv, poetry), through the SDK's own
// toolchain code as in the official host. Like InstallDependencies, it installs nothing: the instructions it
// returns (printed by the CLI) say how.
func (h *host) Link(ctx context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	info := req.GetInfo()
	root := info.GetRootDirectory()
	if len(req.GetPackages()) == 0 {
		return &pulumirpc.LinkResponse{}, nil // `pulumi convert` links whatever it generated: maybe nothing
	}
	sdks := make([]linkedSDK, 0, len(req.GetPackages()))
	byDistribution := map[string]string{}
	for _, dep := range req.GetPackages() {
		sdk, err := readLinkedSDK(root, dep.GetPath())
		if err != nil {
			return nil, err
		}
		sdk.alias = strings.ReplaceAll(dep.GetPackage().GetName(), "-", "_")
		sdks = append(sdks, sdk)
		byDistribution[strings.ReplaceAll(sdk.distribution, "-", "_")] = sdk.path
	}

	fields := info.GetOptions().GetFields()
	chosen, file := toolchain.Pip, "requirements.txt"
	switch fields["toolchain"].GetStringValue() {
	case "uv":
		chosen, file = toolchain.Uv, "pyproject.toml"
	case "poetry":
		chosen, file = toolchain.Poetry, "pyproject.toml"
	}
	var b strings.Builder
	// pip records dependencies in requirements.txt only: a project without one (dependencies installed another
	// way, as in this repository) gets the instructions alone.
	if _, err := os.Stat(filepath.Join(root, "requirements.txt")); chosen != toolchain.Pip || err == nil {
		tc, err := toolchain.ResolveToolchain(toolchain.PythonOptions{
			Root: root, ProgramDir: info.GetProgramDirectory(), Virtualenv: fields["virtualenv"].GetStringValue(),
			Toolchain: chosen,
		})
		if err != nil {
			return nil, err
		}
		if err := tc.LinkPackages(ctx, byDistribution); err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "Added to %s:", file)
		for _, sdk := range sdks {
			fmt.Fprintf(&b, " %s", sdk.path)
		}
		b.WriteString("\n")
	}

	interpreter, err := python(info)
	if err != nil {
		interpreter = "python3"
	}
	fmt.Fprintf(&b, "This language host installs no dependencies. Install the SDK into the project's Python, from %s:\n\n",
		root)
	for _, sdk := range sdks {
		fmt.Fprintf(&b, "  %s -m pip install -e %s\n", interpreter, sdk.path)
	}
	b.WriteString("\nThen import it in your Python code:\n\n")
	for _, sdk := range sdks {
		if sdk.alias == "" || sdk.alias == sdk.module {
			fmt.Fprintf(&b, "  import %s\n", sdk.module)
		} else {
			fmt.Fprintf(&b, "  import %s as %s\n", sdk.module, sdk.alias)
		}
	}
	return &pulumirpc.LinkResponse{ImportInstructions: b.String()}, nil
}
