"""The no-op resource of bench.noop, in a module that imports boto3: both the program and the provider
process (which imports this module to unpickle the provider) then pay boto3's import, as ours do.
Used only to attribute a missed ratio: tracker vs no-op vs no-op + boto3.
"""

from __future__ import annotations

from typing import ClassVar

import boto3

from .noop import Noop as _Noop
from .noop import NoopProvider

BOTO3_VERSION = boto3.__version__  # the import is the point; naming it keeps linters content


class Boto3NoopProvider(NoopProvider):
    pass


class Noop(_Noop):
    PROVIDER: ClassVar[type[NoopProvider]] = Boto3NoopProvider
