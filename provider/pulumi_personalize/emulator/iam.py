"""IAM in the emulator: every call checked against one identity-based policy, when one is given (off by default).

The evaluation is moto's (`moto.iam.access_control.IAMPolicy`): Allow and Deny statements, `*` wildcards in
Action and Resource, an explicit Deny wins, whatever no statement allows is denied. This module adds what moto
leaves to its callers:

- which action and resource each operation is authorized on (`checks`), from the Service Authorization
  Reference for Personalize (docs/emulator.md, "IAM", says which and why);
- the caller: the account and region the emulator serves the request from (the dispatcher's rule);
- AWS's refusal: HTTP 400 `AccessDeniedException`, "User: <caller> is not authorized to perform: <action> on
  resource: <resource> because no identity-based policy allows the <action> action" (or "with an explicit deny
  in an identity-based policy"), the format of the IAM User Guide's "Troubleshoot access denied error messages"
  (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html);
- a check of the policy when it is loaded, refusing what moto would evaluate wrongly (Condition, NotResource,
  Principal, the `?` wildcard, regular-expression characters) in statements about Personalize. Statements about
  other services only (`iam:PassRole` in `pulumi_personalize.iam.deploy_policy()`) never apply to a Personalize
  call and are left out.

A policy given as a file is read again whenever the file changes, as an IAM policy edited in AWS applies to the
next call.
"""

from __future__ import annotations

import fnmatch
import io
import json
import os
import re
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from moto.core.exceptions import JsonRESTError
from moto.iam.access_control import IAMPolicy, PermissionResult
from moto.utilities.utils import get_partition
from werkzeug.wrappers import Request

from .dispatcher import operation_name
from .responses import PersonalizeEmulatorResponse

__all__ = ["Caller", "Check", "IamGuard", "IamPolicy", "PolicyArgument", "PolicyError", "checks", "load_policy"]

PolicyArgument = str | os.PathLike[str] | Mapping[str, Any] | None
SERVICE = "personalize"  # the signing name of both emulated services, and their IAM service prefix
ANY = "*"
# SigV4: "Credential=<access key>/<date>/<region>/<service>/aws4_request"
_SCOPE = re.compile(r"Credential=(?P<key>[^/,\s]+)/[^/]+/(?P<region>[^/]+)/(?P<service>[^/]+)/")
_UNSUPPORTED_PATTERN = re.compile(r"[?()\[\]{}^$|\\+]")
_STATEMENT_KEYS = {"Sid", "Effect", "Action", "NotAction", "Resource"}


class PolicyError(ValueError):
    """A policy the emulator cannot enforce faithfully (or not a policy at all)."""


@dataclass(frozen=True)
class Caller:
    """Who calls, as the emulator serves the request: account, region, access key id."""

    account: str
    region: str
    access_key: str

    @property
    def partition(self) -> str:
        return str(get_partition(self.region))

    @property
    def arn(self) -> str:
        """An IAM user named after the access key id (the emulator knows no user names)."""
        return f"arn:{self.partition}:iam::{self.account}:user/{self.access_key}"

    def resource(self, path: str) -> str:
        """The ARN of a Personalize resource of this account and region (`dataset-group/shop`)."""
        return f"arn:{self.partition}:personalize:{self.region}:{self.account}:{path}"


@dataclass(frozen=True)
class Check:
    """One authorization a call needs: an action on a resource (an ARN, or "*")."""

    action: str
    resource: str


Resolver = Callable[[Mapping[str, Any], Caller], str]


def _member(key: str) -> Resolver:
    """The ARN the request names (Describe, Delete, Update, tags)."""
    return lambda params, _caller: value if isinstance(value := params.get(key), str) else ANY


def _named(kind: str) -> Resolver:
    """The ARN the created resource will have: its name is in the request."""
    return lambda params, caller: (
        caller.resource(f"{kind}/{name}") if isinstance(name := params.get("name"), str) else ANY
    )


def _anywhere(_params: Mapping[str, Any], _caller: Caller) -> str:
    return ANY


def _new_tracker(_params: Mapping[str, Any], caller: Caller) -> str:
    """A tracker's ARN ends in an id generated at creation: only `event-tracker/*` can stand for it beforehand."""
    return caller.resource("event-tracker/*")


def _new_dataset(params: Mapping[str, Any], caller: Caller) -> str:
    """`dataset/<dataset group name>/<DATASET TYPE>`, the ARN AWS gives a dataset."""
    group, kind = str(params.get("datasetGroupArn", "")), params.get("datasetType")
    if "dataset-group/" not in group or not isinstance(kind, str):
        return ANY
    return caller.resource(f"dataset/{group.split('dataset-group/', 1)[1]}/{kind.upper()}")


def _new_version(params: Mapping[str, Any], _caller: Caller) -> str:
    """A version's ARN is its solution's and an id generated at creation (`solution/<name>/<id>`): only
    `<solution ARN>/*` can stand for it beforehand."""
    solution = params.get("solutionArn")
    return f"{solution}/*" if isinstance(solution, str) and ":solution/" in solution else ANY


_GROUP, _TRACKER, _SCHEMA, _DATASET, _SOLUTION, _VERSION, _CAMPAIGN, _FILTER = (
    _member(key)
    for key in (
        "datasetGroupArn",
        "eventTrackerArn",
        "schemaArn",
        "datasetArn",
        "solutionArn",
        "solutionVersionArn",
        "campaignArn",
        "filterArn",
    )
)
# The resources of each operation, the created one first (Create* with tags also need TagResource on it).
# Operations not listed (every List*, PutEvents, PutActionInteractions) support no resource-level permission: "*".
# Solution versions have no resource type of their own: they are authorized as the solution type, which their ARNs
# (`solution/<name>/<id>`) belong to.
_RESOURCES: dict[str, tuple[Resolver, ...]] = {
    "CreateDatasetGroup": (_named("dataset-group"),),
    "DescribeDatasetGroup": (_GROUP,),
    "DeleteDatasetGroup": (_GROUP,),
    "CreateEventTracker": (_new_tracker, _GROUP),
    "DescribeEventTracker": (_TRACKER,),
    "DeleteEventTracker": (_TRACKER,),
    "CreateSchema": (_named("schema"),),
    "DescribeSchema": (_SCHEMA,),
    "DeleteSchema": (_SCHEMA,),
    "CreateDataset": (_new_dataset, _GROUP),
    "DescribeDataset": (_DATASET,),
    "UpdateDataset": (_DATASET,),
    "DeleteDataset": (_DATASET,),
    "CreateSolution": (_named("solution"), _GROUP),
    "DescribeSolution": (_SOLUTION,),
    "UpdateSolution": (_SOLUTION,),
    "DeleteSolution": (_SOLUTION,),
    "CreateSolutionVersion": (_SOLUTION,),  # the reference requires solution* only: the solution trained
    "DescribeSolutionVersion": (_VERSION,),
    "StopSolutionVersionCreation": (_VERSION,),
    "CreateCampaign": (_named("campaign"), _VERSION),  # campaign* and solution*: the version it serves
    "DescribeCampaign": (_CAMPAIGN,),
    "UpdateCampaign": (_CAMPAIGN,),
    "DeleteCampaign": (_CAMPAIGN,),
    "CreateFilter": (_named("filter"), _GROUP),
    "DescribeFilter": (_FILTER,),
    "DeleteFilter": (_FILTER,),
    "TagResource": (_member("resourceArn"),),
    "UntagResource": (_member("resourceArn"),),
    "ListTagsForResource": (_member("resourceArn"),),
    "PutItems": (_DATASET,),
    "PutUsers": (_DATASET,),
    "PutActions": (_DATASET,),
    "GetRecommendations": (_CAMPAIGN,),  # personalize-runtime: campaign* (recommenders are not emulated)
    "GetPersonalizedRanking": (_CAMPAIGN,),
}
# What a Create's tags are authorized on when the created resource is not the first one checked.
_TAGGED: dict[str, Resolver] = {"CreateSolutionVersion": _new_version}


def checks(operation: str, params: Mapping[str, Any], caller: Caller) -> list[Check]:
    """Every authorization `operation` needs with these request members, in the order they are checked."""
    action = f"{SERVICE}:{operation}"
    resolvers = _RESOURCES.get(operation, (_anywhere,))
    needed = [Check(action, resolve(params, caller)) for resolve in resolvers]
    if operation.startswith("Create") and params.get("tags"):
        created = _TAGGED.get(operation, resolvers[0])
        needed.append(Check(f"{SERVICE}:TagResource", created(params, caller)))
    return needed


def _strings(value: Any, where: str) -> list[str]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values or not all(isinstance(item, str) for item in values):
        raise PolicyError(f"{where} must be a string or a non-empty list of strings")
    return values


def _about_personalize(statement: Mapping[str, Any]) -> bool:
    """Whether a statement can apply to a Personalize action (NotAction always can)."""
    if "NotAction" in statement:
        return True
    return any(
        fnmatch.fnmatchcase(SERVICE, pattern.lower().split(":", 1)[0])
        for pattern in _strings(statement.get("Action"), "Action")
    )


def _normalized(statement: Any, index: int) -> dict[str, Any] | None:
    """The statement as moto evaluates it (actions lower-cased: they are case-insensitive), or None when it is
    about other services only. PolicyError for what moto would get wrong."""
    where = f"Statement {index}"
    if not isinstance(statement, dict):
        raise PolicyError(f"{where} must be a JSON object")
    if statement.get("Effect") not in ("Allow", "Deny"):
        raise PolicyError(f"{where}: Effect must be Allow or Deny")
    if ("Action" in statement) == ("NotAction" in statement):
        raise PolicyError(f"{where} needs Action or NotAction (one of them)")
    if not _about_personalize(statement):
        return None
    unsupported = sorted(set(statement) - _STATEMENT_KEYS)
    if unsupported:
        supported = ", ".join(sorted(_STATEMENT_KEYS))
        raise PolicyError(f"{where}: the emulator does not evaluate {', '.join(unsupported)} (only {supported})")
    if "Resource" not in statement:
        raise PolicyError(f"{where} needs Resource")
    normalized: dict[str, Any] = {"Effect": statement["Effect"], "Resource": _strings(statement["Resource"], where)}
    for key in ("Action", "NotAction"):
        if key in statement:
            normalized[key] = [pattern.lower() for pattern in _strings(statement[key], f"{where}: {key}")]
    for pattern in [*normalized["Resource"], *normalized.get("Action", []), *normalized.get("NotAction", [])]:
        if _UNSUPPORTED_PATTERN.search(pattern):
            raise PolicyError(f"{where}: {pattern!r}: the emulator matches only the wildcard *")
    return normalized


class IamPolicy:
    """An identity-based policy, checked when made, evaluated by moto."""

    def __init__(self, document: Any) -> None:
        if not isinstance(document, Mapping) or "Statement" not in document:
            raise PolicyError("a policy is a JSON object with a Statement")
        statements = document["Statement"]
        listed = statements if isinstance(statements, list) else [statements]
        kept = [kept for index, item in enumerate(listed) if (kept := _normalized(item, index)) is not None]
        self.document = document
        self._moto = IAMPolicy(json.dumps({"Version": "2012-10-17", "Statement": kept}))

    def refusal(self, check: Check, caller: Caller) -> JsonRESTError | None:
        """AWS's AccessDeniedException when the policy does not allow `check`, else None."""
        result = self._moto.is_action_permitted(check.action.lower(), check.resource)
        if result == PermissionResult.PERMITTED:
            return None
        why = (
            "with an explicit deny in an identity-based policy"
            if result == PermissionResult.DENIED
            else f"because no identity-based policy allows the {check.action} action"
        )
        return JsonRESTError(
            "AccessDeniedException",
            f"User: {caller.arn} is not authorized to perform: {check.action} on resource: {check.resource} {why}",
        )


def _read(path: Path) -> IamPolicy:
    try:
        return IamPolicy(json.loads(path.read_text()))
    except (OSError, ValueError) as error:  # PolicyError and JSONDecodeError are ValueErrors
        raise PolicyError(f"{path}: {error}") from None


class PolicySource(Protocol):
    def current(self) -> IamPolicy: ...


@dataclass(frozen=True)
class _Fixed:
    policy: IamPolicy

    def current(self) -> IamPolicy:
        return self.policy


class _File:
    """A policy file, read again when it changes. A change that cannot be read (a half-written file, a policy the
    emulator cannot enforce) is reported on stderr and the policy in force stays: write the file atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._seen = self._signature()
        self._policy = _read(path)

    def _signature(self) -> tuple[int, int, int] | None:
        try:
            stat = self.path.stat()
        except OSError:
            return None
        return stat.st_mtime_ns, stat.st_size, stat.st_ino

    def current(self) -> IamPolicy:
        with self._lock:
            signature = self._signature()
            if signature != self._seen:
                self._seen = signature
                try:
                    self._policy = _read(self.path)
                except PolicyError as error:
                    print(
                        f"personalize-emulator: IAM policy not reloaded, the previous stays: {error}", file=sys.stderr
                    )
            return self._policy


def load_policy(policy: PolicyArgument) -> PolicySource | None:
    """A policy document (dict) or the path of a JSON file holding one; None: no enforcement.

    Raises PolicyError when it cannot be read or enforced.
    """
    if policy is None:
        return None
    if isinstance(policy, Mapping):
        return _Fixed(IamPolicy(policy))
    return _File(Path(policy))


def _caller(request: Request, region: str, access_key: str) -> Caller:
    """The account as the emulator serves the request from it (the dispatcher: a 12-digit access key is the account)."""
    identity = PersonalizeEmulatorResponse()
    identity.headers = request.headers
    identity.querystring = {}
    return Caller(identity.get_current_account(), region, access_key)


def _parameters(environ: dict[str, Any], request: Request) -> Mapping[str, Any]:
    """The request's JSON members; the body is put back for moto to read."""
    body = request.get_data()
    environ["wsgi.input"] = io.BytesIO(body)
    try:
        params = json.loads(body or b"{}")
    except ValueError:
        return {}
    return params if isinstance(params, dict) else {}


class IamGuard:
    """What the dispatcher asks before a call goes on: AWS's refusal, or None. Without a policy, None at once."""

    def __init__(self, policy: PolicyArgument = None) -> None:
        self._source = load_policy(policy)

    def set_policy(self, policy: PolicyArgument) -> None:
        """Enforce another policy from the next call on (None: no enforcement). PolicyError: nothing changed."""
        self._source = load_policy(policy)

    @property
    def enforcing(self) -> bool:
        return self._source is not None

    def __call__(self, environ: dict[str, Any]) -> JsonRESTError | None:
        source = self._source
        if source is None:
            return None
        request = Request(environ)
        scope = _SCOPE.search(request.headers.get("Authorization", ""))
        if scope is None or scope["service"] != SERVICE:
            return None  # requests for moto's other services go on untouched
        policy = source.current()
        caller = _caller(request, scope["region"], scope["key"])
        for check in checks(operation_name(environ), _parameters(environ, request), caller):
            refusal = policy.refusal(check, caller)
            if refusal is not None:
                return refusal
        return None
