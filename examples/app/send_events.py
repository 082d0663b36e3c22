"""A small app that streams click events to Amazon Personalize with PutEvents.

The events land in the Interactions dataset of the tracker's dataset group: PutEvents needs one, and refuses an
event that lacks a field its schema requires. The tracking ID comes from `--tracking-id`, else
PERSONALIZE_TRACKING_ID, else `pulumi stack output trackingId` run in `--stack-dir` (default: the current
directory). The endpoint is boto3's own business: AWS_ENDPOINT_URL_PERSONALIZE_EVENTS or AWS_ENDPOINT_URL point
it at the local emulator.

    python examples/app/send_events.py --user alice --item book-1 --item book-2

`--event JSON` (repeatable) sends one event as written, to try events against your schema: a JSON object of
PutEvents' event members, with `sentAt` defaulting to now and `eventType` to "click" (a `properties` object is
sent as the JSON text the API takes). With --event and no --item, only those events are sent.

    python examples/app/send_events.py --event '{"itemId": "book-1", "eventValue": 4.5}'
    python examples/app/send_events.py --event '{"eventType": "click"}'   # refused if ITEM_ID is required

`--recommend USER` asks instead for USER's recommendations (GetRecommendations) and prints one item ID a line:
the campaign ARN comes from `--campaign-arn`, else PERSONALIZE_CAMPAIGN_ARN, else `pulumi stack output
campaignArn`; `--filter-arn ARN` (or `--filter`, for the stack output filterArn) filters them, and `--count N`
asks for N (AWS's default 25). AWS_ENDPOINT_URL_PERSONALIZE_RUNTIME points it at the emulator.

    python examples/app/send_events.py --recommend alice --filter

A mistake (an unknown tracking ID, a wrong region, an empty --item, an event the schema refuses...) prints one
`error: ...` line saying what to do, and the exit code is 1.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import uuid
from typing import Any

import boto3
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    EndpointConnectionError,
    InvalidRegionError,
    NoCredentialsError,
)

MAX_EVENTS_PER_CALL = 10
MAX_ID_LENGTH = 256  # PutEvents takes userId, sessionId and itemId of 1 to 256 characters
EXAMPLE_EVENT = '{"itemId": "book-1"}'


def stack_value(args: argparse.Namespace, given: str | None, variable: str, output: str, flag: str) -> str:
    """A value from its flag, else its environment variable, else the stack's output (exit with what to do)."""
    if given:
        return given
    if os.environ.get(variable):
        return os.environ[variable]
    command = ["pulumi", "stack", "output", output]
    try:
        found = subprocess.run(command, cwd=args.stack_dir, capture_output=True, text=True, check=False)
    except OSError as error:  # pulumi is not installed, say
        found = subprocess.CompletedProcess(command, 127, "", str(error))
    if found.returncode != 0 or not found.stdout.strip():
        why = (found.stderr.strip().splitlines() or ["no output"])[-1]
        sys.exit(
            f"error: no {output}: pass {flag}, set {variable}, or run `pulumi up` first (`{' '.join(command)}`: {why})"
        )
    return found.stdout.strip()


def tracking_id_from(args: argparse.Namespace) -> str:
    return stack_value(args, args.tracking_id, "PERSONALIZE_TRACKING_ID", "trackingId", "--tracking-id")


def recommend(args: argparse.Namespace) -> None:
    """Print the user's recommendations, one item ID a line."""
    campaign = stack_value(args, args.campaign_arn, "PERSONALIZE_CAMPAIGN_ARN", "campaignArn", "--campaign-arn")
    request: dict[str, Any] = {"campaignArn": campaign, "userId": args.recommend, "numResults": args.count}
    if args.filter_arn or args.filter:
        request["filterArn"] = args.filter_arn or stack_value(args, None, "PERSONALIZE_FILTER_ARN", "filterArn", "")
    try:
        client = boto3.client("personalize-runtime", region_name=args.region)
        items = client.get_recommendations(**request)["itemList"]
    except (BotoCoreError, ClientError) as error:
        sys.exit(f"error: GetRecommendations for {args.recommend} from {campaign}: {' '.join(str(error).split())}")
    for item in items:
        print(item["itemId"])


def input_problem(args: argparse.Namespace) -> str | None:
    """What PutEvents would refuse, found before calling it (botocore checks only that IDs are not empty)."""
    if not args.region:
        return "no region: pass --region or set AWS_REGION"
    for flag, value in [("--user", args.user), ("--session", args.session), *(("--item", i) for i in args.items)]:
        if not 1 <= len(value) <= MAX_ID_LENGTH:
            return f"{flag} must be 1 to {MAX_ID_LENGTH} characters long, not {len(value)}"
    return None


def explain(error: Exception, region: str, tracking_id: str) -> str:
    """One line: what failed and what to do."""
    if isinstance(error, ClientError):
        refused = error.response["Error"]
        return (
            f"PutEvents in {region} with tracking ID {tracking_id} failed: {refused.get('Code')}: "
            f"{refused.get('Message')} Check the tracking ID (--tracking-id, PERSONALIZE_TRACKING_ID or the stack "
            "output), that --region (or AWS_REGION) is its event tracker's region, that its dataset group has an "
            "Interactions dataset whose schema the events fit, and your AWS credentials."
        )
    text = " ".join(str(error).split())  # botocore messages may span lines
    if isinstance(error, EndpointConnectionError):
        return f"{text}. Check --region (or AWS_REGION), your network, and AWS_ENDPOINT_URL_PERSONALIZE_EVENTS."
    if isinstance(error, InvalidRegionError):
        return f"{text} Pass a region such as us-east-1 with --region (or AWS_REGION)."
    if isinstance(error, NoCredentialsError):
        return f"{text}: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run `aws configure`."
    return text


def click_events(items: list[str], now: datetime.datetime) -> list[dict[str, Any]]:
    return [{"eventType": "click", "itemId": item, "sentAt": now, "eventId": str(uuid.uuid4())} for item in items]


def given_event(text: str, now: datetime.datetime) -> dict[str, Any]:
    """An --event as written, with the defaults PutEvents lacks; ValueError saying what is wrong with it.

    Nothing else is added or checked here: what the service (or botocore) refuses is the point of trying it.
    """
    try:
        event = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"--event is not JSON ({error}): {text}") from None
    if not isinstance(event, dict):
        raise ValueError(f"--event must be a JSON object such as '{EXAMPLE_EVENT}', not {text}")
    if isinstance(event.get("properties"), dict):
        event["properties"] = json.dumps(event["properties"])
    return {"sentAt": now, "eventType": "click", **event}


def send(client: Any, tracking_id: str, user: str, session: str, events: list[dict[str, Any]]) -> int:
    """PutEvents in batches of at most 10 (the API's limit); returns the number of events sent."""
    for start in range(0, len(events), MAX_EVENTS_PER_CALL):
        client.put_events(
            trackingId=tracking_id,
            userId=user,
            sessionId=session,
            eventList=events[start : start + MAX_EVENTS_PER_CALL],
        )
    return len(events)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tracking-id")
    parser.add_argument("--stack-dir", default=".")
    parser.add_argument("--user", default="user-1")
    parser.add_argument("--session", default=str(uuid.uuid4()))
    parser.add_argument("--item", action="append", dest="items", default=[])
    parser.add_argument("--event", action="append", dest="events", default=[], metavar="JSON")
    parser.add_argument("--region", default=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION"))
    parser.add_argument("--recommend", metavar="USER")
    parser.add_argument("--campaign-arn")
    parser.add_argument("--filter-arn")
    parser.add_argument("--filter", action="store_true")
    parser.add_argument("--count", type=int, default=25)
    args = parser.parse_args(argv)
    if args.recommend:
        recommend(args)
        return
    args.items = args.items or ([] if args.events else ["item-1"])
    problem = input_problem(args)
    if problem:
        sys.exit(f"error: {problem}")
    now = datetime.datetime.now(datetime.UTC)
    try:
        events = click_events(args.items, now) + [given_event(text, now) for text in args.events]
    except ValueError as error:
        sys.exit(f"error: {error}")
    tracking_id = tracking_id_from(args)
    try:
        client = boto3.client("personalize-events", region_name=args.region)
        sent = send(client, tracking_id, args.user, args.session, events)
    except (BotoCoreError, ClientError) as error:
        sys.exit(f"error: {explain(error, args.region, tracking_id)}")
    print(f"sent {sent} event(s) for user {args.user}")


if __name__ == "__main__":
    main()
