"""A team's state bucket on loopback: moto's S3 in server mode, and the URL of Pulumi's self-managed S3 backend.

The server is moto's server app (what `moto_server` and `ThreadedMotoServer` serve) in a thread of this
process, on a free loopback port, without an access-log line per request (the CLI makes dozens per command).
The Pulumi CLI reaches it with the fake credentials of testkit.credentials (moto accepts any).
"""

from __future__ import annotations

import threading
import uuid
from typing import Any

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import WSGIRequestHandler, make_server

from testkit.aws import REGION, aws_client

# Where the self-managed backend keeps a stack's lock files: `.pulumi/locks/<org>/<project>/<stack>/<id>.json`.
LOCKS_PREFIX = ".pulumi/locks/"


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


class S3Backend:
    """A bucket on a loopback S3 server; a context manager that starts and stops the server."""

    def __init__(self) -> None:
        app = DomainDispatcherApplication(create_backend_app)
        self._server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="s3-backend", daemon=True)
        self.bucket = f"pulumi-state-{uuid.uuid4().hex[:12]}"
        self.endpoint = f"127.0.0.1:{self._server.server_port}"

    @property
    def url(self) -> str:
        """The backend URL, in the form the pinned CLI documents for an S3-compatible endpoint."""
        return f"s3://{self.bucket}?endpoint={self.endpoint}&disableSSL=true&s3ForcePathStyle=true&region={REGION}"

    def client(self) -> Any:
        return aws_client("s3", f"http://{self.endpoint}")

    def keys(self, prefix: str = "") -> list[str]:
        listed = self.client().list_objects_v2(Bucket=self.bucket, Prefix=prefix)
        return [item["Key"] for item in listed.get("Contents", [])]

    def locks(self) -> list[str]:
        """The lock files of every stack: one per `pulumi` run holding (or trying to take) a stack's lock."""
        return self.keys(LOCKS_PREFIX)

    def __enter__(self) -> S3Backend:
        self._thread.start()
        self.client().create_bucket(Bucket=self.bucket)
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._thread.join()
        self._server.server_close()
