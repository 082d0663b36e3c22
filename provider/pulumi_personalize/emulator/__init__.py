"""A local Amazon Personalize (dataset groups, event trackers, PutEvents) built on moto.

Importing this package imports moto; ``pulumi_personalize`` itself never does.
"""

from .server import Emulator

__all__ = ["Emulator"]
