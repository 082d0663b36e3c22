"""The routes of the emulated services, where moto looks for them: the ``urls`` module beside the
backend's ``models``. The three services are signed ``personalize``, so all come to this backend.
"""

from __future__ import annotations

import moto.personalize.urls

from .recommending_responses import PersonalizeRuntimeResponse
from .responses import PersonalizeEmulatorResponse, PersonalizeEventsResponse

__all__ = ["url_bases", "url_paths"]

url_bases = moto.personalize.urls.url_bases
url_paths = {
    "{0}/$": PersonalizeEmulatorResponse.dispatch,
    "{0}/events$": PersonalizeEventsResponse.dispatch,
    "{0}/items$": PersonalizeEventsResponse.dispatch,
    "{0}/users$": PersonalizeEventsResponse.dispatch,
    "{0}/action-interactions$": PersonalizeEventsResponse.dispatch,
    "{0}/recommendations$": PersonalizeRuntimeResponse.dispatch,
    "{0}/personalize-ranking$": PersonalizeRuntimeResponse.dispatch,
}
