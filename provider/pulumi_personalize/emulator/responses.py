"""Wire format of the emulated services, on moto's BaseResponse (their shared part: ``wire``).

``personalize`` speaks JSON 1.1 (``POST /``, ``X-Amz-Target: AmazonPersonalize.<Operation>``); its solutions,
campaigns and filters are answered by ``recommending_responses``. ``personalize-events`` speaks rest-json
(``PutEvents`` is ``POST /events``), as ``personalize-runtime`` does (``recommending_responses``). All are
signed with the signing name ``personalize``, so moto's server app sends them to this backend's routes
(``urls``).
"""

from __future__ import annotations

from moto.core.responses import ActionResult, EmptyResult

from . import clock
from .pagination import paginate
from .recommending_responses import RecommendationResponses
from .wire import EmulatorResponse

__all__ = ["PersonalizeEmulatorResponse", "PersonalizeEventsResponse"]


def _tags_wire(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"tagKey": key, "tagValue": value} for key, value in tags.items()]


class PersonalizeEmulatorResponse(RecommendationResponses):
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


class PersonalizeEventsResponse(EmulatorResponse):
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
