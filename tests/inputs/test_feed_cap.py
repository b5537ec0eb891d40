"""A feed's entries beyond ``inputs.max_feed_items`` are not indexed, and one warning says so.

A 100,000-entry archive feed was read whole and embedded at ~10 articles/s, hours with no end in
sight. Now its newest entries up to the setting are indexed (an archive may list oldest first),
and the warning names the feed, the count left out and the setting that raises the cap.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from briefing.core.input_settings import DEFAULT_MAX_FEED_ITEMS
from briefing.core.settings import FetchSettings
from briefing.inputs.dates_read import Notice
from briefing.inputs.sources import read_input_with_problems
from tests.cli.helpers import in_process

START = dt.date(2020, 1, 1)


def feed(path: Path, count: int) -> str:
    """An RSS feed of ``count`` one-sentence entries, oldest first, one day apart."""
    items = []
    for n in range(count):
        day = START + dt.timedelta(days=n)
        items.append(
            f"<item><title>Harbour bulletin {n}</title><pubDate>{day:%a, %d %b %Y} 08:00:00 GMT</pubDate>"
            f"<description>The harbour handled {n + 100} ships in bulletin number {n}.</description></item>"
        )
    channel = f"<channel><title>Port Wire</title>{''.join(items)}</channel>"
    body = f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'
    path.write_text(body, encoding="utf-8")
    return str(path)


def test_a_feed_over_the_default_cap_keeps_its_newest_entries(tmp_path: Path) -> None:
    count = DEFAULT_MAX_FEED_ITEMS + 500
    docs, problems = read_input_with_problems(feed(tmp_path / "archive.rss", count), FetchSettings())
    assert len(docs) == DEFAULT_MAX_FEED_ITEMS
    assert min(d.published for d in docs if d.published) == START + dt.timedelta(days=500)  # the newest
    [notice] = problems
    assert isinstance(notice, Notice)  # a warning: every entry read was indexed, the cap is a setting
    assert notice == (
        f"500 of the feed's {count:,} entries left out (only the {DEFAULT_MAX_FEED_ITEMS:,} newest are "
        "indexed) — raise inputs.max_feed_items (BRIEFING_INPUTS__MAX_FEED_ITEMS) to index more"
    )


def test_ingest_says_which_feed_was_cut_and_how_to_take_more(tmp_path: Path) -> None:
    path = feed(tmp_path / "wire.rss", 30)
    index = str(tmp_path / "index")
    env = {"BRIEFING_INPUTS__MAX_FEED_ITEMS": "10"}
    result = in_process("ingest", path, "--index", index, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr  # a warning, not a failure
    assert result.stdout.startswith("10 added, 0 replaced, 0 unchanged, 0 failed, 1 with warnings")
    assert f"warning: {path}: 20 of the feed's 30 entries left out (only the 10 newest" in result.stderr
    assert "BRIEFING_INPUTS__MAX_FEED_ITEMS" in result.stderr
    listed = json.loads(in_process("sources", "--json", "--index", index, cwd=tmp_path).stdout)
    days = sorted(item["published"] for item in listed)
    assert days[0] == (START + dt.timedelta(days=20)).isoformat() and len(days) == 10
    more = in_process(
        "ingest", path, "--index", index, cwd=tmp_path, env={"BRIEFING_INPUTS__MAX_FEED_ITEMS": "30"}
    )
    assert more.stdout.startswith("20 added, 0 replaced, 10 unchanged") and not more.stderr, more.stderr
