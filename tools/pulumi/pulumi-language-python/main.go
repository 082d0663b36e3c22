// Command pulumi-language-python is a small Python language host for the Pulumi engine.
//
// Why it exists: the official host lives in its own Go module
// (github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3), which is not tagged and which the
// Go module proxy reachable from our machines refuses to serve at any version. This one implements Run (plus the
// informational RPCs) exactly as the official host invokes pulumi-language-python-exec, with the Python from
// Pulumi.yaml's `virtualenv` runtime option; the code generation calls on Pulumi's own generator
// (codegen.go: GenerateProgram for `pulumi import` and `pulumi convert`, GenerateProject, GeneratePackage and
// Link for `pulumi package gen-sdk`/`add`); and RunPlugin for plugins in Python (plugin.go). It does not install
// dependencies (scripts/setup does) and reports no plugins (dynamic providers are started by the engine through
// pulumi-resource-pulumi-python).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// exitCodeUserActionable is the code pulumi-language-python-exec uses after it showed an error to the user.
const exitCodeUserActionable = 32

// The engine watch (see watchEngine): a check every second, an exit after two refusals in a row.
const (
	engineCheckInterval  = time.Second
	engineRefusalsToExit = 2
)

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string

	mu       sync.Mutex             // guards programs; held from the engine watch's kill to its exit
	programs map[*exec.Cmd]struct{} // the programs running now, killed when the engine is gone
}

// python returns the interpreter for a program: <root>/<virtualenv>/bin/python when Pulumi.yaml sets the
// `virtualenv` runtime option, else PULUMI_PYTHON_CMD or python3 from PATH.
func python(info *pulumirpc.ProgramInfo) (string, error) {
	venv := ""
	if opts := info.GetOptions(); opts != nil {
		if v, ok := opts.GetFields()["virtualenv"]; ok {
			venv = v.GetStringValue()
		}
	}
	if venv == "" {
		if cmd := os.Getenv("PULUMI_PYTHON_CMD"); cmd != "" {
			return cmd, nil
		}
		return "python3", nil
	}
	if !filepath.IsAbs(venv) {
		venv = filepath.Join(info.GetRootDirectory(), venv)
	}
	interpreter := filepath.Join(venv, "bin", "python")
	if _, err := os.Stat(interpreter); err != nil {
		return "", fmt.Errorf("the virtualenv %q from Pulumi.yaml has no bin/python: run scripts/setup "+
			"(or python3 -m venv %s && %s/bin/pip install -e '.[dev]')", venv, venv, venv)
	}
	return interpreter, nil
}

// execScript is pulumi-language-python-exec, which sits beside this binary.
func execScript() (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(self), "pulumi-language-python-exec"), nil
}

func (h *host) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.engineAddress = req.GetEngineAddress()
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *host) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *host) GetProgramDependencies(
	context.Context, *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: strings.TrimPrefix(version.Version, "v")}, nil
}

func (h *host) About(_ context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	interpreter, err := python(req.GetInfo())
	if err != nil {
		return nil, err
	}
	out, err := exec.Command(interpreter, "--version").Output()
	if err != nil {
		return nil, err
	}
	return &pulumirpc.AboutResponse{
		Executable: interpreter,
		Version:    strings.TrimSpace(strings.TrimPrefix(string(out), "Python ")),
	}, nil
}

func (h *host) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest,
	stream grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	if _, err := python(req.GetInfo()); err != nil {
		return err
	}
	return stream.Send(&pulumirpc.InstallDependenciesResponse{
		Stdout: []byte("dependencies are installed by scripts/setup\n"),
	})
}

// runArguments mirrors the official host: flags for pulumi-language-python-exec, then the program.
func (h *host) runArguments(req *pulumirpc.RunRequest) []string {
	var args []string
	add := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", h.engineAddress)
	add("project", req.GetProject())
	add("stack", req.GetStack())
	add("pwd", req.GetPwd())
	add("root_directory", req.GetInfo().GetRootDirectory())
	if req.GetDryRun() {
		args = append(args, "--dry_run", "true")
	}
	add("parallel", fmt.Sprint(req.GetParallel())) // the exec script requires it
	add("organization", req.GetOrganization())
	program := req.GetInfo().GetProgramDirectory()
	if entry := req.GetInfo().GetEntryPoint(); entry != "" && entry != "." {
		program = filepath.Join(program, entry)
	}
	if program == "" {
		program = req.GetProgram()
	}
	args = append(args, program)
	return append(args, req.GetArgs()...)
}

func configEnvironment(req *pulumirpc.RunRequest) ([]string, error) {
	values := req.GetConfig()
	if values == nil {
		values = map[string]string{} // json.Marshal writes null for a nil map; the SDK wants an object
	}
	config, err := json.Marshal(values)
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secrets, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}
	return []string{"PULUMI_CONFIG=" + string(config), "PULUMI_CONFIG_SECRET_KEYS=" + string(secrets)}, nil
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	interpreter, err := python(req.GetInfo())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	script, err := execScript()
	if err != nil {
		return nil, err
	}
	env, err := configEnvironment(req)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, interpreter, append([]string{"-u", script}, h.runArguments(req)...)...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	cmd.Dir = req.GetPwd()
	if err := h.runProgram(cmd); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if exitErr.ExitCode() == exitCodeUserActionable {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
			}, nil
		}
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// runProgram runs a program, known to the engine watch while it runs.
func (h *host) runProgram(cmd *exec.Cmd) error {
	h.mu.Lock()
	err := cmd.Start()
	if err == nil {
		h.programs[cmd] = struct{}{}
	}
	h.mu.Unlock()
	if err != nil {
		return err
	}
	err = cmd.Wait()
	h.mu.Lock()
	delete(h.programs, cmd)
	h.mu.Unlock()
	return err
}

// engineRefuses reports whether a TCP connection to the engine's address is refused: nothing listens there
// any more. A timeout (a busy engine) or another error proves nothing.
func engineRefuses(address string) bool {
	conn, err := net.DialTimeout("tcp", address, time.Second)
	if err == nil {
		_ = conn.Close()
		return false
	}
	return errors.Is(err, syscall.ECONNREFUSED)
}

// watchEngine kills the running programs and exits once the engine is gone (issue #15 of pulumi-personalize).
//
// Why: the engine starts this host in a process group of its own, so a SIGKILL of `pulumi` (even of its whole
// group) leaves it serving forever. Providers built with Pulumi's Go SDK health-check the engine address every
// 5 minutes (rpcutil.Healthcheck in sdk/go/pulumi/provider); we check every second, like our Python provider
// (pulumi_personalize/_engine_watch.py), and the engine closes that address only after it stopped its plugins,
// so a finishing `pulumi` is never raced.
func (h *host) watchEngine(address string) {
	for refusals := 0; refusals < engineRefusalsToExit; {
		time.Sleep(engineCheckInterval)
		if engineRefuses(address) {
			refusals++
		} else {
			refusals = 0
		}
	}
	fmt.Fprintf(os.Stderr, "pulumi-language-python: the Pulumi engine at %s is gone: exiting\n", address)
	h.mu.Lock() // never released: no program starts any more
	for cmd := range h.programs {
		_ = cmd.Process.Kill()
	}
	os.Exit(1)
}

// engineAddressFromArgs takes the last non-flag argument: the engine passes its address last and may put
// logging or tracing flags before it.
func engineAddressFromArgs(args []string) string {
	address := ""
	for _, arg := range args {
		if !strings.HasPrefix(arg, "-") {
			address = arg
		}
	}
	return address
}

func main() {
	h := &host{engineAddress: engineAddressFromArgs(os.Args[1:]), programs: map[*exec.Cmd]struct{}{}}
	if h.engineAddress != "" {
		go h.watchEngine(h.engineAddress)
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-python: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-python: %v\n", err)
		os.Exit(1)
	}
}
