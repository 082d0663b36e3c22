"""The whole loop, locally: events in through the tracker, a model trained on them, recommendations out.

    python examples/recommendations/loop.py            # its own emulator and state backend, removed at the end
    python examples/recommendations/loop.py --keep     # leave the stack up (and say how to reach it)

1. `pulumi up` the event path (dataset group, schema, Interactions dataset, tracker);
2. send a generated history through the tracker with PutEvents (60 users, 1,500 interactions: enough to train);
3. `pulumi up` again with `recommend: true`: solution, solution version (the training), campaign and filter;
4. print user-1's recommendations, without and with the filter (examples/app/send_events.py --recommend);
5. retrain (`training: "2"`): a new version, and the campaign moves to it in place (its ARN does not change);
then `pulumi destroy`. With `--endpoint URL` it uses that emulator (or AWS, with the environment's credentials
and no endpoint variables) instead of starting one.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3

HERE = Path(__file__).resolve().parent
APP = HERE.parent / "app" / "send_events.py"
USERS, ITEMS, PER_USER = 60, 120, 25  # 1,500 interactions, every user with 25: above the training minimums


def history(seed: int = 7) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Each user's events: clicks on items of one of four "tastes", and a purchase now and then."""
    chooser = random.Random(seed)
    start = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
    for user in range(1, USERS + 1):
        taste = user % 4
        events: list[dict[str, Any]] = []
        for step in range(PER_USER):
            item = chooser.randrange(taste, ITEMS, 4) if chooser.random() < 0.8 else chooser.randrange(ITEMS)
            kind = "purchase" if chooser.random() < 0.15 else "click"
            moment = start + datetime.timedelta(hours=user, minutes=step)
            events.append({"eventType": kind, "itemId": f"item-{item}", "sentAt": moment})
        yield f"user-{user}", events


def send_history(tracking_id: str, region: str) -> int:
    client: Any = boto3.client("personalize-events", region_name=region)
    sent = 0
    for user, events in history():
        for start in range(0, len(events), 10):  # PutEvents takes at most 10 events
            client.put_events(
                trackingId=tracking_id, userId=user, sessionId=f"{user}-s", eventList=events[start : start + 10]
            )
        sent += len(events)
    return sent


class Loop:
    """The stack in this directory, run with the CLI in an environment pointing at the emulator."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env

    def pulumi(self, *args: str) -> str:
        done = subprocess.run(["pulumi", *args], cwd=HERE, env=self.env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            sys.exit(f"error: pulumi {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout.strip()

    def up(self, **config: str) -> None:
        for key, value in config.items():
            self.pulumi("config", "set", key, value)
        print(f"$ pulumi up ({', '.join(f'{k}={v}' for k, v in config.items())})", flush=True)
        self.pulumi("up", "--yes", "--skip-preview")

    def recommend(self, *extra: str) -> list[str]:
        done = subprocess.run(
            [sys.executable, str(APP), "--recommend", "user-1", "--count", "5", *extra],
            cwd=HERE,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            sys.exit(done.stderr.strip())
        return done.stdout.split()


@contextmanager
def emulator(endpoint: str | None) -> Iterator[str]:
    """The endpoint: the given one, or an emulator started here (fast timings, 2-s trainings) and stopped after."""
    if endpoint is not None:
        yield endpoint
        return
    command = [
        sys.executable,
        "-m",
        "pulumi_personalize.emulator",
        "--port",
        "0",
        "--create-seconds",
        "1",
        "--delete-seconds",
        "0.5",
        "--train-seconds",
        "2",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline() if process.stdout else ""
        if not line.startswith("listening on "):
            sys.exit(f"error: the emulator did not start: {line}")
        yield line.split()[-1]
    finally:
        process.terminate()
        process.wait(timeout=10)


def environment(endpoint: str, backend: Path) -> dict[str, str]:
    env = {**os.environ, "PULUMI_BACKEND_URL": f"file://{backend}", "PULUMI_SKIP_UPDATE_CHECK": "true"}
    env.setdefault("PULUMI_CONFIG_PASSPHRASE", "")
    env.setdefault("AWS_REGION", "us-east-1")
    env.setdefault("AWS_ACCESS_KEY_ID", "123456789012")
    env.setdefault("AWS_SECRET_ACCESS_KEY", "local-emulator")
    for service in ("PERSONALIZE", "PERSONALIZE_EVENTS", "PERSONALIZE_RUNTIME"):
        env[f"AWS_ENDPOINT_URL_{service}"] = endpoint
    return env


def run(loop: Loop, region: str) -> None:
    loop.pulumi("stack", "select", "--create", "local")
    loop.up(recommend="false")
    tracking_id = loop.pulumi("stack", "output", "trackingId")
    os.environ.update({k: v for k, v in loop.env.items() if k.startswith("AWS_")})  # boto3 here, as the app
    print(f"sent {send_history(tracking_id, region)} events through tracking ID {tracking_id}", flush=True)
    loop.up(recommend="true", training="1")
    campaign = loop.pulumi("stack", "output", "campaignArn")
    print(f"campaign {campaign}\n  user-1: {' '.join(loop.recommend())}")
    print(f"  user-1, filter not-bought: {' '.join(loop.recommend('--filter'))}", flush=True)
    first = loop.pulumi("stack", "output", "solutionVersionArn")
    loop.up(training="2")
    second = loop.pulumi("stack", "output", "solutionVersionArn")
    assert loop.pulumi("stack", "output", "campaignArn") == campaign, "the campaign was replaced"
    print(f"retrained: {first} -> {second}; campaign {campaign} moved in place")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint")
    parser.add_argument("--keep", action="store_true", help="leave the stack (and its backend) in place")
    args = parser.parse_args()
    backend = Path(tempfile.mkdtemp(prefix="recommendations-state-"))
    with emulator(args.endpoint) as endpoint:
        loop = Loop(environment(endpoint, backend))
        run(loop, loop.env["AWS_REGION"])
        if args.keep:
            print(f"kept: PULUMI_BACKEND_URL=file://{backend}, endpoint {endpoint}")
            return
        loop.pulumi("destroy", "--yes", "--skip-preview")
        loop.pulumi("stack", "rm", "--yes", "local")
        print("destroyed")


if __name__ == "__main__":
    main()
