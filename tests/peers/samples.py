"""The amazon-personalize-samples Step Functions sample (vendored unmodified): its SAM template and its Lambdas.

`Template` reads template.yaml (CloudFormation's short tags such as `!Sub` and `!GetAtt` kept as
`{"!Sub": ...}`): a state machine's definition, and which function each of its Task resources names.
`LambdaRuntime` invokes those functions as Lambda's Python runtime would: the handler module loaded once (a
warm container) with the layer's directory (shared/python, /opt/python on Lambda) on sys.path, the
function's environment variables from the template, the event and result passed through JSON, and an
exception reported as an error named after its class (what Step Functions' Retry and Catch match). The
functions reach the emulator by endpoint only: the process environment holds `AWS_ENDPOINT_URL` (boto3's
setting for every service's endpoint), the region and credentials, as a Lambda's environment holds the
latter; nothing in the sample's code is patched.

A function whose code calls an API the emulator does not have (dataset import jobs, solutions, campaigns,
filters: docs/emulator.md, "Not emulated") is not run: a stand-in given by the test answers in its place, and
every stand-in call is recorded.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.peers.stepfunctions import StatesError
from tests.peers.upstream import SAMPLES, SFN

ROOT = SAMPLES.root / SFN
LAYER = ROOT / "shared" / "python"
PARAMS = SAMPLES.root / "next_steps/operations/ml_ops/example/params.json"
TEMPLATE = ROOT / "template.yaml"
LAYER_MODULES = ("actions", "loader", "parameters")


class _CloudFormationLoader(yaml.SafeLoader):
    """A YAML loader that keeps CloudFormation's short-form tags as one-key mappings."""


def _tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    elif isinstance(node, yaml.MappingNode):
        value = loader.construct_mapping(node, deep=True)
    else:
        raise TypeError(f"unexpected YAML node {node!r}")
    return {f"!{suffix}": value}


_CloudFormationLoader.add_multi_constructor("!", _tagged)


@dataclass(frozen=True)
class Function:
    """An AWS::Serverless::Function of the template."""

    logical_id: str
    code_uri: str
    handler: str
    environment: Mapping[str, Any]

    @property
    def module_path(self) -> Path:
        module, _ = self.handler.rsplit(".", 1)
        return ROOT / self.code_uri / f"{module}.py"

    @property
    def function_name(self) -> str:
        return self.handler.rsplit(".", 1)[1]


class Template:
    def __init__(self, path: Path = TEMPLATE) -> None:
        self.document: dict[str, Any] = yaml.load(path.read_text(), Loader=_CloudFormationLoader)  # a SafeLoader
        self.resources: dict[str, Any] = self.document["Resources"]

    def state_machine(self, logical_id: str) -> tuple[dict[str, Any], dict[str, str]]:
        """A state machine's definition, and for each `${Name}` of its Task resources the function it names."""
        properties = self.resources[logical_id]["Properties"]
        text, variables = properties["DefinitionString"]["!Sub"]
        definition: dict[str, Any] = json.loads(text)
        functions: dict[str, str] = {}
        for name, value in variables.items():
            target, attribute = value["!GetAtt"].split(".")
            assert attribute == "Arn", value
            functions[f"${{{name}}}"] = target
        return definition, functions

    def function(self, logical_id: str) -> Function:
        resource = self.resources[logical_id]
        assert resource["Type"] == "AWS::Serverless::Function", resource["Type"]
        properties = resource["Properties"]
        variables = properties.get("Environment", {}).get("Variables", {})
        return Function(logical_id, properties["CodeUri"], properties["Handler"], variables)


@dataclass(frozen=True)
class LambdaContext:
    """The members of Lambda's context object that a handler may read (the sample's read none)."""

    function_name: str
    aws_request_id: str = "peers-request"


@dataclass
class LambdaRuntime:
    """Invokes the template's functions; `refs` resolves the `!Ref`s of their environment variables."""

    template: Template
    refs: Mapping[str, str]
    stand_ins: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)
    invocations: list[tuple[str, Any]] = field(default_factory=list)
    _handlers: dict[str, Callable[[Any, LambdaContext], Any]] = field(default_factory=dict)

    def invoke(self, logical_id: str, event: Any) -> Any:
        """The function's JSON result; StatesError named after the exception it raised."""
        sent = json.loads(json.dumps(event))
        self.invocations.append((logical_id, sent))
        try:
            if logical_id in self.stand_ins:
                return self.stand_ins[logical_id](sent)
            function = self.template.function(logical_id)
            with self._environment(function):
                handler = self._handler(function)
                result = handler(sent, LambdaContext(logical_id))
            return json.loads(json.dumps(result))
        except StatesError:
            raise
        except Exception as raised:
            error = type(raised).__name__
            raise StatesError(error, json.dumps({"errorMessage": str(raised), "errorType": error})) from raised

    def _handler(self, function: Function) -> Callable[[Any, LambdaContext], Any]:
        if function.logical_id not in self._handlers:
            spec = importlib.util.spec_from_file_location(f"peers_lambda_{function.logical_id}", function.module_path)
            assert spec is not None and spec.loader is not None, function.module_path
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)  # module-level code runs now, as at a cold start
            self._handlers[function.logical_id] = getattr(module, function.function_name)
        return self._handlers[function.logical_id]

    @contextlib.contextmanager
    def _environment(self, function: Function) -> Iterator[None]:
        """The function's own environment variables, for its cold start and each invocation."""
        values = {name: self._resolve(value) for name, value in function.environment.items()}
        saved = {name: os.environ.get(name) for name in values}
        os.environ.update(values)
        try:
            yield
        finally:
            for name, old in saved.items():
                if old is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = old

    def _resolve(self, value: Any) -> str:
        if isinstance(value, str):
            return value
        if isinstance(value, dict) and set(value) == {"!Ref"}:
            return self.refs[value["!Ref"]]
        raise NotImplementedError(f"environment value {value!r}")


def params() -> dict[str, Any]:
    """The sample's example parameters file (what its S3-triggered Lambda reads)."""
    loaded: dict[str, Any] = json.loads(PARAMS.read_text())
    return loaded
