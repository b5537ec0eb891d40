"""The ``inputs`` settings section: how the metadata an input states about itself is read.

Its own module only to keep :mod:`briefing.core.settings` under the size limit; ``Settings.inputs``
holds it like any other section.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

DEFAULT_MAX_FEED_ITEMS = 2000


class InputSettings(BaseModel):
    """How an article's own dates are read, and how much of a feed is taken.

    ``day_first`` is three-valued on purpose. A published date such as ``05/03/2024`` is 3 May in
    the US and 5 March in most other places, and a wrong reading moves an article two months
    without a trace: a careful analyst wants to be told, once, and then to decide per collection.
    Unset, such dates are read month first (what briefing always did, so re-ingesting an existing
    collection changes nothing) and each input holding one gets a warning line naming it and the
    count; set to true or false, the user has said how their sources write dates, and they are
    read that way without a warning. Dates that read one way only (13/03/2024, ISO, RFC 2822,
    "5 March 2024") are never affected.
    """

    day_first: bool | None = Field(
        None,
        description="How a published date like 05/03/2024 (day and month both 12 or less) is read: "
        "true: day first (5 March); false: month first (3 May); unset: month first, with a warning "
        "naming each input that holds such a date.",
    )
    max_feed_items: int = Field(
        DEFAULT_MAX_FEED_ITEMS,
        ge=1,
        description="Most entries of one RSS/Atom feed indexed (its newest, by their dates): at ~10 "
        "articles/s a 100,000-entry archive feed would embed for hours. The entries left out are "
        "counted in a warning naming the feed.",
    )
