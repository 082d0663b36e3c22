"""A small app that streams click events to Amazon Personalize with PutEvents.

The tracking ID comes from `--tracking-id`, else PERSONALIZE_TRACKING_ID, else `pulumi stack output
trackingId` run in `--stack-dir` (default: the current directory). The endpoint is boto3's own business:
AWS_ENDPOINT_URL_PERSONALIZE_EVENTS or AWS_ENDPOINT_URL point it at the local emulator.

    python examples/app/send_events.py --user alice --item book-1 --item book-2
"""

from __future__ import annotations

import argparse
import datetime
import os
import subprocess
import sys
import uuid
from typing import Any

import boto3

MAX_EVENTS_PER_CALL = 10


def tracking_id_from(args: argparse.Namespace) -> str:
    if args.tracking_id:
        return str(args.tracking_id)
    if os.environ.get("PERSONALIZE_TRACKING_ID"):
        return os.environ["PERSONALIZE_TRACKING_ID"]
    found = subprocess.run(
        ["pulumi", "stack", "output", "trackingId"], cwd=args.stack_dir, capture_output=True, text=True, check=False
    )
    if found.returncode != 0 or not found.stdout.strip():
        sys.exit(
            "no tracking ID: pass --tracking-id, set PERSONALIZE_TRACKING_ID, or run `pulumi up` first\n"
            + found.stderr
        )
    return found.stdout.strip()


def click_events(items: list[str]) -> list[dict[str, Any]]:
    now = datetime.datetime.now(datetime.UTC)
    return [{"eventType": "click", "itemId": item, "sentAt": now, "eventId": str(uuid.uuid4())} for item in items]


def send(client: Any, tracking_id: str, user: str, session: str, items: list[str]) -> int:
    """PutEvents in batches of at most 10 (the API's limit); returns the number of events sent."""
    events = click_events(items)
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
    parser.add_argument("--region", default=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION"))
    args = parser.parse_args(argv)
    if not args.region:
        sys.exit("no region: pass --region or set AWS_REGION")
    client = boto3.client("personalize-events", region_name=args.region)
    sent = send(client, tracking_id_from(args), args.user, args.session, args.items or ["item-1"])
    print(f"sent {sent} event(s) for user {args.user}")


if __name__ == "__main__":
    main()
