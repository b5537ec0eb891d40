"""Store trouble named as such: a decorator for the facade's methods that touch the store.

A full disk, a damaged file, a Chroma server that went away or a read-only directory surface from
deep inside Chroma as unrelated exception types; :func:`store_trouble` turns the ones
:func:`briefing.store.failures.explain` recognises into their :class:`StoreError` (one line, with
the fix) and lets anything else through unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from briefing.core.errors import BriefingError

if TYPE_CHECKING:
    from briefing.core.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])


def where(settings: Settings) -> str:
    """The index as the user named it: the server URL, or the index directory."""
    return settings.storage.chroma_url or str(settings.storage.path)


def store_trouble(method: F) -> F:
    """Run ``method``; an exception that means store trouble is raised as its StoreError."""

    @wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except BriefingError:
            raise
        except Exception as exc:
            from briefing.store.failures import explain

            settings = self.settings
            trouble = explain(exc, where(settings), server=bool(settings.storage.chroma_url))
            if trouble is None:
                raise
            raise trouble from exc

    return wrapper  # type: ignore[return-value]
