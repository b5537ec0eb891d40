"""Briefs on real data: story grouping (FA-KES), timeline ordering (SemEval-2015), daily-brief time.

grouping
    FA-KES has no gold stories. ``same_day_location_groups.jsonl`` (same date and city, at least
    two outlets) is a rough guide, not gold: some groups are one event, others two events of one
    day in one city. For every date of a group, all FA-KES articles of that date are grouped by
    :func:`briefing.brief.stories.group` (TF-IDF of title + lead; no embeddings, no index) and we report
    (a) pair recall: the share of same-day-same-city pairs put in one story, (b) city purity of
    our multi-article stories (the share of their article pairs that name the same city in the
    dataset's ``location``), and (c) with ``--show N`` N stories to inspect by hand.
ordering
    For each gold timeline of ``timelines.jsonl``, every event sentence is dated by
    :func:`briefing.brief.timeline.mentions` against its article's publication date (an event whose
    sentence has no time expression gets the publication date, as in the task's baseline). We
    report date accuracy on entries with a full gold date (same day) and pairwise ordering
    accuracy: for pairs of entries with different full gold dates, the share our dates order the
    same way (ties count as wrong).
daily
    FA-KES ingested into a fresh temporary index (or ``--index DIR`` reused), then
    :func:`briefing.brief.build.make_brief` over the busiest publication day (or ``--since`` /
    ``--until``), timed: median of 3 first briefs (kept parses forgotten before each; wall and CPU
    seconds) and of 3 repeats of the same window, after one warm-up call that loads the embedder,
    Chroma and spaCy.

    python bench/eval_brief.py [grouping|ordering|daily ...] [--show N] [--index DIR]
        [--since D --until D] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from briefing.brief import stories, timeline  # noqa: E402
from briefing.core.models import Article  # noqa: E402
from briefing.text.sentences import sentences_of  # noqa: E402

DATA = Path(os.environ.get("BRIEFING_BENCH_DATA", "/work/shared/data"))


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _article(row: dict[str, Any]) -> Article:
    text = row["text"]
    published = dt.date.fromisoformat(row["published"])
    sentences = sentences_of(row["id"], text)
    at = dt.datetime(2020, 1, 1)
    info = {"id": row["id"], "title": row["title"], "source": row["source"], "published": published}
    return Article(**info, ingested_at=at, text_hash=row["id"], text=text, sentences=sentences)


def grouping(show: int) -> dict[str, Any]:
    rows = {r["id"]: r for r in _jsonl(DATA / "fakes_syria/articles.jsonl")}
    guide = _jsonl(DATA / "fakes_syria/same_day_location_groups.jsonl")
    by_date: dict[str, list[str]] = defaultdict(list)
    for r in rows.values():
        by_date[r["published"]].append(r["id"])
    together: dict[str, int] = {}
    shown = 0
    pure = pairs = 0
    sizes: Counter[int] = Counter()
    for date in sorted({g["date"] for g in guide}):
        groups = stories.group([_article(rows[i]) for i in by_date[date]])
        for story in groups:
            ids = [a.id for a in story.articles]
            sizes[len(ids)] += 1
            for i in ids:
                together[i] = id(story)
            for a, b in itertools.combinations(ids, 2):
                pairs += 1
                pure += rows[a]["location"] == rows[b]["location"]
            if show and shown < show and len(ids) > 1:
                shown += 1
                print(f"\n{date} story ({story.independent_sources} sources):")
                for i in ids:
                    print(f"   [{rows[i]['source']}/{rows[i]['location']}] {rows[i]['title'][:90]}")
    hit = total = 0
    for g in guide:
        for a, b in itertools.combinations(g["article_ids"], 2):
            total += 1
            hit += together.get(a) == together.get(b)
    return {
        "guide_pair_recall": round(hit / total, 4),
        "guide_pairs": total,
        "city_purity_of_our_pairs": round(pure / max(pairs, 1), 4),
        "our_pairs": pairs,
        "story_sizes": dict(sorted(sizes.items())),
    }


def _full(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return None


def ordering() -> dict[str, Any]:
    published = {r["id"]: r["published"] for r in _jsonl(DATA / "meantime_en/articles.jsonl")}
    published |= {r["id"]: r["published"] for r in _jsonl(DATA / "timeline_semeval2015/articles_trial.jsonl")}
    right = dated = agree = compared = 0
    for tl in _jsonl(DATA / "timeline_semeval2015/timelines.jsonl"):
        entries = []
        for entry in tl["entries"]:
            gold = _full(entry["date"])
            ev = next(
                (e for e in entry["events"] if e.get("article_id") in published and e.get("sentence_text")),
                None,
            )
            if ev is None:
                continue
            anchor = dt.date.fromisoformat(published[ev["article_id"]])
            found = timeline.mentions(ev["sentence_text"], anchor)
            days = [
                m.resolved.start for m in found if m.resolved.start and m.resolved.start == m.resolved.end
            ]
            ours = days[0] if days else anchor
            entries.append((gold, ours))
            if gold:
                dated += 1
                right += gold == ours
        for (g1, o1), (g2, o2) in itertools.combinations(entries, 2):
            if g1 and g2 and g1 != g2:
                compared += 1
                agree += (g1 < g2) == (o1 < o2) and o1 != o2
    return {
        "entries_with_full_gold_date": dated,
        "date_accuracy": round(right / max(dated, 1), 4),
        "ordered_pairs": compared,
        "pairwise_order_accuracy": round(agree / max(compared, 1), 4),
    }


def daily(index: str | None, since: dt.date | None = None, until: dt.date | None = None) -> dict[str, Any]:
    from briefing.brief import build as briefs
    from briefing.core.brief_models import Window
    from briefing.core.settings import Settings
    from briefing.service.facade import Service

    root = index or tempfile.mkdtemp(prefix="brief-bench-")
    service = Service(Settings().with_overrides(**{"storage.path": root}))
    t0 = time.perf_counter()
    if service.index.count() == 0:
        report = service.ingest([str(DATA / "fakes_syria/articles.jsonl")])
        print(f"ingested {len(report.added)} articles in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    counts = Counter(i.published for i in service.list_articles() if i.published)
    day, n = counts.most_common(1)[0]
    if since or until:  # a window of your own instead of the busiest day
        n = sum(k for d, k in counts.items() if (not since or d >= since) and (not until or d <= until))
        day = since or until or day
    window = Window(since=since or day, until=until or day)
    briefs.make_brief(service, window, compare=False)  # warm-up: embedder, Chroma, dateparser, spaCy
    first, again, cpu = [], [], []
    for _ in range(3):
        briefs.forget_kept()  # parses, figures, time expressions: computed as for a first brief
        t, c = time.perf_counter(), time.process_time()
        brief = briefs.make_brief(service, window, compare=False)
        first.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        t = time.perf_counter()
        briefs.make_brief(service, window, compare=False)  # the same window again (TUI, daily)
        again.append(time.perf_counter() - t)
    return {
        "day": day.isoformat(),
        "articles": n,
        "stories": len(brief.stories),
        "seconds_median": round(statistics.median(first), 3),
        "seconds_max": round(max(first), 3),
        "cpu_seconds_median": round(statistics.median(cpu), 3),
        "repeat_seconds_median": round(statistics.median(again), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("parts", nargs="*", default=["grouping", "ordering", "daily"])
    parser.add_argument("--show", type=int, default=0, help="Print N multi-article stories to inspect.")
    parser.add_argument("--index", help="Reuse (or build once) an FA-KES index here for 'daily'.")
    parser.add_argument("--since", type=dt.date.fromisoformat, help="'daily' over a window instead.")
    parser.add_argument("--until", type=dt.date.fromisoformat)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results: dict[str, Any] = {}
    if "grouping" in args.parts:
        results["grouping"] = grouping(args.show)
    if "ordering" in args.parts:
        results["ordering"] = ordering()
    if "daily" in args.parts:
        results["daily"] = daily(args.index, args.since, args.until)
    print(json.dumps(results, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
