// RunPlugin: a plugin written in Python, a folder whose PulumiPlugin.yaml says `runtime: python`.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/pulumi/pulumi/sdk/v3/python/toolchain"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/structpb"
)

// pluginInfo is the plugin's program info with the `virtualenv` option defaulted to `venv` in the plugin's folder:
// as with the official host, a plugin never runs on the ambient Python.
func pluginInfo(info *pulumirpc.ProgramInfo) *pulumirpc.ProgramInfo {
	if info.GetOptions().GetFields()["virtualenv"].GetStringValue() != "" {
		return info
	}
	fields := map[string]*structpb.Value{}
	for key, value := range info.GetOptions().GetFields() {
		fields[key] = value
	}
	fields["virtualenv"] = structpb.NewStringValue("venv")
	return &pulumirpc.ProgramInfo{
		RootDirectory:    info.GetRootDirectory(),
		ProgramDirectory: info.GetProgramDirectory(),
		EntryPoint:       info.GetEntryPoint(),
		Options:          &structpb.Struct{Fields: fields},
	}
}

// pluginCommand is how the plugin runs: its folder's __main__.py when it has one, else, for a buildable package
// (a pyproject.toml with a project name), `python -m pulumi.run.plugin <name>`, the entry point of the Python SDK.
func pluginCommand(ctx context.Context, interpreter string, req *pulumirpc.RunPluginRequest) (*exec.Cmd, error) {
	info := req.GetInfo()
	dir := info.GetProgramDirectory()
	if dir == "" {
		dir = req.GetProgram()
	}
	if _, err := os.Stat(filepath.Join(dir, "__main__.py")); err == nil {
		return exec.CommandContext(ctx, interpreter, append([]string{"-u", dir}, req.GetArgs()...)...), nil
	}
	pyproject, err := toolchain.LoadPyproject(info.GetRootDirectory())
	if err != nil || pyproject.Project == nil || pyproject.Project.Name == "" {
		return nil, fmt.Errorf("the Python plugin in %s has neither __main__.py nor a pyproject.toml with a project "+
			"name", dir)
	}
	args := append([]string{"-u", "-m", "pulumi.run.plugin", pyproject.Project.Name}, req.GetArgs()...)
	return exec.CommandContext(ctx, interpreter, args...), nil
}

// RunPlugin runs a Python plugin and streams its output back to the engine, then its exit code.
func (h *host) RunPlugin(
	req *pulumirpc.RunPluginRequest, stream grpc.ServerStreamingServer[pulumirpc.RunPluginResponse],
) error {
	interpreter, err := python(pluginInfo(req.GetInfo()))
	if err != nil {
		return err
	}
	// The engine stops the plugin by cancelling this call: that kills it, as with the official host.
	cmd, err := pluginCommand(stream.Context(), interpreter, req)
	if err != nil {
		return err
	}
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(stream, false)
	if err != nil {
		return err
	}
	defer closer.Close()
	cmd.Dir = req.GetPwd()
	cmd.Env = append(os.Environ(), req.GetEnv()...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := h.runProgram(cmd); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) && exitErr.ExitCode() >= 0 {
			//nolint:gosec // an exit code fits in 8 bits
			return stream.Send(&pulumirpc.RunPluginResponse{
				Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: int32(exitErr.ExitCode())},
			})
		}
		return fmt.Errorf("running the Python plugin %s: %w", cmd.String(), err)
	}
	return closer.Close()
}
