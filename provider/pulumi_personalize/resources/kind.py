"""What every Personalize resource declares, and the `ResourceKind` that ties a resource's parts together."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..aws.settings import AwsTarget
from ..lifecycle.polling import MAX_DELAY
from ..lifecycle.timeouts import DEFAULT_SECONDS, STEP_SECONDS
from . import validation as validate
from .declare import Rule, Validator, keys, rule, rules

Properties = dict[str, Any]

# Personalize's statuses (free strings in the API model; note the spaces).
ACTIVE = "ACTIVE"
CREATE_FAILED = "CREATE FAILED"
CREATING = ("CREATE PENDING", "CREATE IN_PROGRESS")
DELETING = ("DELETE PENDING", "DELETE IN_PROGRESS")
# A dataset whose schema is being replaced (undocumented: the emulator shows these, AWS may stay ACTIVE).
UPDATING = ("UPDATE PENDING", "UPDATE IN_PROGRESS")
BUSY = (*CREATING, *UPDATING)  # a Delete then answers ResourceInUse: wait, then delete
# A solution version's training stopped by StopSolutionVersionCreation (the SolutionVersion data type).
STOPPING = "CREATE STOPPING"
STOPPED = "CREATE STOPPED"
KNOWN_STATUSES = (*BUSY, ACTIVE, CREATE_FAILED, STOPPING, STOPPED, *DELETING)
# Inputs that are the provider's own bookkeeping: never sent to AWS, never a diff, not in the plugin's schema.
BOOKKEEPING = ("autonamePrefix", "timeouts", "owner", "relatedInputs")


@dataclass(frozen=True)
class CommonArgs:
    """Inputs every resource has. The last three are the provider's bookkeeping, never sent to AWS.

    Attributes:
        name: The resource's name in Personalize. Left out, an autoname is made from the Pulumi name and a random
            suffix. Changing it replaces the resource.
        tags: Tags for the resource, changed in place. The tag `pulumi-personalize:owner` is the provider's own.
        region: The AWS region; by default the provider's (or stack's) region. Changing it replaces the resource.
        adopt_existing: Take over a resource of this name that no Pulumi stack owns, instead of failing.
    """

    name: str | None = field(default=None, metadata=rule(create=True, replaces=True, validator=validate.name))
    tags: dict[str, str] | None = None  # checked by validate.tags (values may be unknown in preview)
    region: str | None = field(default=None, metadata=rule(replaces=True, validator=validate.region))
    adopt_existing: bool | None = field(default=None, metadata=rule(validator=validate.boolean))
    autoname_prefix: str | None = None  # the Pulumi name, when `name` is left to the autoname
    # custom_timeouts, in seconds:
    timeouts: dict[str, float] | None = field(default=None, metadata=rule(validator=validate.timeouts))
    owner: str | None = None  # the ownership tag's value (see _ownership)

    def seconds(self, step: str) -> float:
        """The time allowed for a provider step ("create", "update" or "delete")."""
        timeouts = self.timeouts or {}
        return float(timeouts.get(step) or timeouts.get("create") or DEFAULT_SECONDS)

    @property
    def subject(self) -> str:
        """How messages name the resource: its AWS name (the autoname once chosen)."""
        return str(self.name)


@dataclass(frozen=True)
class CommonState:
    """What Describe tells of every resource, besides its inputs.

    Attributes:
        status: The status Personalize reports (ACTIVE once created).
        account_id: The AWS account that holds the resource.
        creation_date_time: When the resource was created.
        last_updated_date_time: When the resource last changed.
    """

    status: str | None = None
    account_id: str | None = None
    creation_date_time: str | None = None
    last_updated_date_time: str | None = None


@dataclass(frozen=True)
class Existing:
    """A resource that already holds the place a create wanted."""

    arn: str
    name: str
    status: str


@dataclass(frozen=True)
class ResourceKind:
    """Everything that differs between Personalize resources; the rest derives from `args` and `state`."""

    label: str  # "event tracker", used in messages and progress lines
    type_name: str  # "EventTracker": operations are Create/Describe/Delete + type_name
    args: type[CommonArgs]
    state: type[CommonState]
    arn_key: str  # "eventTrackerArn": the id, the Describe/Delete parameter and an output
    describe_member: str  # "eventTracker": the object in the Describe answer
    find_existing: Callable[[AwsTarget, CommonArgs], Existing | None]  # who blocked a create
    context: Callable[[CommonArgs], str] = lambda _args: ""  # " in dataset group ..." for messages
    implied_region: Callable[[Mapping[str, Any]], str | None] = lambda _inputs: None  # from a known input
    region_from: tuple[str, ...] = ()  # inputs implying the region: while one is unknown, so is the region
    users_of: Callable[[AwsTarget, str], list[str]] = lambda _target, _arn: []  # what blocks a delete
    conflict: str = "already exists"
    # Schemas differ: no tags (so no ownership tag), no status, and a replacement is created first.
    taggable: bool = True
    has_status: bool = True
    delete_before_replace: bool = True
    # An autoname also derived from these inputs (a schema's content: old and new differ during a replace).
    autoname_from: tuple[str, ...] = ()
    # The one spelling of a value, for inputs and Describe alike (a schema as compact JSON, "INTERACTIONS"
    # as "Interactions"): what a refresh reads back then compares equal to what was sent.
    canonical: Callable[[str, Any], Any] = lambda _key, value: value
    # Rules between inputs, and between old and new inputs, checked in preview: (olds, news) -> failures.
    preview_rules: Callable[[Properties, Properties], list[tuple[str, str]]] = lambda _olds, _news: []
    # Inputs a replacement needs beyond `replace_on_change`, each with why: (olds, news) -> {key: reason}.
    replacements: Callable[[Properties, Properties], dict[str, str]] = lambda _olds, _news: {}
    # What an update changes besides tags: (target, arn, old args, new args), waiting until it is done.
    update: Callable[[AwsTarget, str, CommonArgs, CommonArgs], None] = lambda _target, _arn, _olds, _news: None
    # A kind Personalize has no Delete operation for (a solution version goes with its solution): a delete
    # forgets it, and a replacement creates the new one first.
    deletable: bool = True
    # What to do after a CREATE FAILED, when the generic advice (check the group and the inputs) is not it.
    failed_step: str = ""
    # The time each step is allowed when the program sets no custom_timeouts (a training takes hours).
    default_seconds: Mapping[str, float] = field(default_factory=lambda: dict(STEP_SECONDS))
    # The longest sleep between two polls early in a wait (`lifecycle.polling`): a long operation polls at
    # least every second at first, so its lag stays within max(1 s, 3 % of the time waited).
    poll_cap: float = MAX_DELAY

    def operation(self, verb: str) -> str:
        return f"{verb}{self.type_name}"

    @property
    def rules(self) -> dict[str, Rule]:
        return rules(self.args)

    @property
    def create_parameters(self) -> tuple[str, ...]:
        return tuple(key for key, rule in self.rules.items() if rule.create)

    @property
    def replace_on_change(self) -> tuple[str, ...]:
        return tuple(key for key, rule in self.rules.items() if rule.replaces)

    @property
    def updated_in_place(self) -> tuple[str, ...]:
        """Create parameters that an update changes in place (a dataset's schema)."""
        return tuple(key for key, rule in self.rules.items() if rule.create and not rule.replaces)

    @property
    def validators(self) -> dict[str, Validator]:
        return {key: rule.validator for key, rule in self.rules.items() if rule.validator is not None}

    @property
    def input_keys(self) -> tuple[str, ...]:
        return keys(self.args)

    @property
    def described_outputs(self) -> tuple[str, ...]:
        """Members of a Describe answer copied to the outputs: the state, and what was sent to Create."""
        return (*keys(self.state), *self.create_parameters)

    @property
    def public_input_keys(self) -> tuple[str, ...]:
        """The inputs a user sets (the bookkeeping left out, and tags for a kind without them)."""
        return tuple(key for key in self.input_keys if key not in BOOKKEEPING and (self.taggable or key != "tags"))

    def output_keys(self) -> tuple[str, ...]:
        """Every key of the state, inputs included (what the program-side class declares)."""
        every = dict.fromkeys((*self.input_keys, *keys(self.state), self.arn_key, "tags"))
        return tuple(key for key in every if self.taggable or key != "tags")
