"""Wire format of the emulated services, on moto's BaseResponse.

``personalize`` speaks JSON 1.1 (``POST /``, ``X-Amz-Target: AmazonPersonalize.<Operation>``);
``personalize-events`` speaks rest-json (``PutEvents`` is ``POST /events``). Both are signed with
the signing name ``personalize``, so moto's server app sends both to this backend's routes
(``urls``).

moto does the request parsing (body, region and account from the SigV4 headers) and the
response serialization from the botocore output shapes; errors are moto ``JsonRESTError``s:
HTTP 400 (unless said otherwise), body ``{"__type": code, "message": ...}``, header
``X-Amzn-ErrorType``.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from moto.core.common_types import TYPE_RESPONSE
from moto.core.exceptions import JsonRESTError
from moto.core.responses import ActionResult, BaseResponse, EmptyResult
from moto.core.utils import camelcase_to_underscores, method_names_from_class

from . import clock
from .models import EmulatorBackend, backend_for
from .pagination import paginate
from .store import STORE
from .validation import operation_model, service_model, validate

__all__ = ["PersonalizeEmulatorResponse", "PersonalizeEventsResponse"]


def _tags_wire(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"tagKey": key, "tagValue": value} for key, value in tags.items()]


class _EmulatorResponse(BaseResponse):
    """What both services share: validation, the model lock (the account comes from the access key: the
    dispatcher's ``_account_of_access_key``)."""

    SERVICE: str
    # The operations a response class answers, by method name (what moto's dispatch looks for).
    _operations: frozenset[str] = frozenset()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._operations = frozenset(method_names_from_class(cls))

    @property
    def personalize_backend(self) -> EmulatorBackend:
        return backend_for(self.current_account, self.region)

    def _get_action(self) -> str:
        """The operation: from X-Amz-Target (JSON 1.1) or from method and path (rest-json).

        moto would first look for an ``Action`` query parameter, which it also searches the
        body for: a PutEvents payload containing ``&Action=`` would then be misrouted.
        """
        target = self.headers.get("X-Amz-Target")
        if target:
            return str(target).split(".")[-1]
        action: str | None = self._get_action_from_method_and_request_uri(self.method, self.raw_path)
        return action or ""

    def call_action(self) -> TYPE_RESPONSE:
        action = self._get_action()
        if camelcase_to_underscores(action) not in self._operations:
            return _error_response(
                JsonRESTError("UnknownOperationException", f"The emulator does not implement {action!r}.")
            )
        with STORE.lock, clock.one_moment():  # the moment it is answered at, in turn with the other requests
            status, headers, body = super().call_action()
        return _modelled_status(self.SERVICE, status, headers), headers, body

    def _input(self) -> dict[str, Any]:
        """The request members, validated against the operation's input shape."""
        try:
            params = json.loads(self.body or "{}")
        except ValueError:
            params = None
        if not isinstance(params, dict):
            raise JsonRESTError("SerializationException", "The request body is not a JSON object.")
        validate(operation_model(self.SERVICE, self._get_action()), params)
        return params


@functools.cache
def _error_statuses(service: str) -> dict[str, int]:
    """The HTTP status the service's model gives each of its errors (personalize-events: 404, 409)."""
    model = service_model(service)
    return {shape.name: int(shape.metadata.get("error", {}).get("httpStatusCode", 400)) for shape in model.error_shapes}


def _modelled_status(service: str, status: int, headers: dict[str, Any]) -> int:
    """moto answers every service error 400; the model's status instead, for a modelled error."""
    code = str(headers.get("X-Amzn-ErrorType", "")).split(":")[0]
    return _error_statuses(service).get(code, status) if status == 400 else status


def _error_response(error: JsonRESTError) -> TYPE_RESPONSE:
    return error.code, dict(error.get_headers()), error.get_body()


class PersonalizeEmulatorResponse(_EmulatorResponse):
    """The ``personalize`` control plane."""

    SERVICE = "personalize"

    def __init__(self) -> None:
        super().__init__(service_name=self.SERVICE)

    def create_dataset_group(self) -> ActionResult:
        params = self._input()
        group = self.personalize_backend.create_dataset_group(
            name=params["name"],
            role_arn=params.get("roleArn"),
            kms_key_arn=params.get("kmsKeyArn"),
            domain=params.get("domain"),
            tags=params.get("tags", []),
        )
        return ActionResult({"datasetGroupArn": group.arn, "domain": group.domain})

    def describe_dataset_group(self) -> ActionResult:
        group = self.personalize_backend.describe_dataset_group(self._input()["datasetGroupArn"])
        return ActionResult({"datasetGroup": group.wire(clock.now())})

    def delete_dataset_group(self) -> EmptyResult:
        self.personalize_backend.delete_dataset_group(self._input()["datasetGroupArn"])
        return EmptyResult()

    def list_dataset_groups(self) -> ActionResult:
        params = self._input()
        groups, token = paginate(
            self.personalize_backend.list_dataset_groups(),
            params.get("maxResults"),
            params.get("nextToken"),
            scope="ListDatasetGroups",
        )
        now = clock.now()
        return ActionResult({"datasetGroups": [group.wire(now) for group in groups], "nextToken": token})

    def create_event_tracker(self) -> ActionResult:
        params = self._input()
        tracker = self.personalize_backend.create_event_tracker(
            name=params["name"],
            dataset_group_arn=params["datasetGroupArn"],
            tags=params.get("tags", []),
        )
        return ActionResult({"eventTrackerArn": tracker.arn, "trackingId": tracker.tracking_id})

    def describe_event_tracker(self) -> ActionResult:
        tracker = self.personalize_backend.describe_event_tracker(self._input()["eventTrackerArn"])
        return ActionResult({"eventTracker": tracker.wire(clock.now())})

    def delete_event_tracker(self) -> EmptyResult:
        self.personalize_backend.delete_event_tracker(self._input()["eventTrackerArn"])
        return EmptyResult()

    def list_event_trackers(self) -> ActionResult:
        params = self._input()
        group_arn = params.get("datasetGroupArn")
        trackers, token = paginate(
            self.personalize_backend.list_event_trackers(group_arn),
            params.get("maxResults"),
            params.get("nextToken"),
            scope=f"ListEventTrackers:{group_arn or ''}",
        )
        now = clock.now()
        return ActionResult({"eventTrackers": [tracker.wire(now) for tracker in trackers], "nextToken": token})

    def create_schema(self) -> ActionResult:
        params = self._input()
        schema = self.personalize_backend.create_schema(params["name"], params["schema"], params.get("domain"))
        return ActionResult({"schemaArn": schema.arn})

    def describe_schema(self) -> ActionResult:
        schema = self.personalize_backend.describe_schema(self._input()["schemaArn"])
        return ActionResult({"schema": schema.wire(clock.now())})

    def delete_schema(self) -> EmptyResult:
        self.personalize_backend.delete_schema(self._input()["schemaArn"])
        return EmptyResult()

    def list_schemas(self) -> ActionResult:
        params = self._input()
        schemas, token = paginate(
            self.personalize_backend.list_schemas(),
            params.get("maxResults"),
            params.get("nextToken"),
            scope="ListSchemas",
        )
        now = clock.now()
        return ActionResult({"schemas": [schema.wire(now) for schema in schemas], "nextToken": token})

    def create_dataset(self) -> ActionResult:
        params = self._input()
        dataset = self.personalize_backend.create_dataset(
            name=params["name"],
            schema_arn=params["schemaArn"],
            dataset_group_arn=params["datasetGroupArn"],
            dataset_type=params["datasetType"],
            tags=params.get("tags", []),
        )
        return ActionResult({"datasetArn": dataset.arn})

    def describe_dataset(self) -> ActionResult:
        dataset = self.personalize_backend.describe_dataset(self._input()["datasetArn"])
        return ActionResult({"dataset": dataset.wire(clock.now())})

    def delete_dataset(self) -> EmptyResult:
        self.personalize_backend.delete_dataset(self._input()["datasetArn"])
        return EmptyResult()

    def list_datasets(self) -> ActionResult:
        params = self._input()
        group_arn = params.get("datasetGroupArn")
        datasets, token = paginate(
            self.personalize_backend.list_datasets(group_arn),
            params.get("maxResults"),
            params.get("nextToken"),
            scope=f"ListDatasets:{group_arn or ''}",
        )
        now = clock.now()
        return ActionResult({"datasets": [dataset.wire(now) for dataset in datasets], "nextToken": token})

    def update_dataset(self) -> ActionResult:
        params = self._input()
        dataset = self.personalize_backend.update_dataset(params["datasetArn"], params["schemaArn"])
        return ActionResult({"datasetArn": dataset.arn})

    def tag_resource(self) -> EmptyResult:
        params = self._input()
        self.personalize_backend.tag_resource(params["resourceArn"], params["tags"])
        return EmptyResult()

    def untag_resource(self) -> EmptyResult:
        params = self._input()
        self.personalize_backend.untag_resource(params["resourceArn"], params["tagKeys"])
        return EmptyResult()

    def list_tags_for_resource(self) -> ActionResult:
        tags = self.personalize_backend.list_tags_for_resource(self._input()["resourceArn"])
        return ActionResult({"tags": _tags_wire(tags)})


class PersonalizeEventsResponse(_EmulatorResponse):
    """The ``personalize-events`` data plane: PutEvents, PutItems, PutUsers, PutActionInteractions.
    Each answers 200 with an empty body, as the API reference says."""

    SERVICE = "personalize-events"

    def __init__(self) -> None:
        super().__init__(service_name=self.SERVICE)

    def put_events(self) -> str:
        params = self._input()
        self.personalize_backend.put_events(
            tracking_id=params["trackingId"],
            user_id=params.get("userId"),
            session_id=params["sessionId"],
            events=params["eventList"],
        )
        return ""

    def put_items(self) -> str:
        params = self._input()
        self.personalize_backend.put_items(params["datasetArn"], params["items"])
        return ""

    def put_users(self) -> str:
        params = self._input()
        self.personalize_backend.put_users(params["datasetArn"], params["users"])
        return ""

    def put_action_interactions(self) -> str:
        params = self._input()
        self.personalize_backend.put_action_interactions(params["trackingId"], params["actionInteractions"])
        return ""
