"""`briefing delete`: take articles ingested by mistake out of the index.

Registered on the main group by :mod:`briefing.cli.main`; the work is
:func:`briefing.service.delete.delete_articles` behind ``Service.delete``.
"""

from __future__ import annotations

import click

from briefing.cli.options import console, friendly_errors, index_options, make_service, print_json

MIN_PREFIX = 8
"""Shortest id prefix accepted: `show d9` is a convenience, deleting by two characters a risk."""

EXAMPLES = """
\b
Examples:
  briefing delete d928a897ede5633d               one article (its id from `briefing sources`)
  briefing delete d928a897 270feb30 --json       several, by unique id prefixes (8+ characters)
"""


def _long(article_ids: tuple[str, ...]) -> tuple[str, ...]:
    """The IDs, each long enough that a typo cannot pick another article to delete (a usage error)."""
    for aid in article_ids:
        if len(aid.strip()) < MIN_PREFIX:
            raise click.BadParameter(f"{aid!r} is too short: give at least {MIN_PREFIX} characters of the id")
    return article_ids


@click.command(epilog=EXAMPLES)
@click.argument("article_ids", nargs=-1, required=True, metavar="ID...", callback=lambda _c, _p, v: _long(v))
@click.option("--json", "as_json", is_flag=True, help="Print the deleted articles as JSON.")
@index_options
@friendly_errors
def delete(article_ids: tuple[str, ...], as_json: bool, index: str | None, chroma_url: str | None) -> None:
    """Delete articles (IDs or unique prefixes of 8+ characters) from the index.

    Their sentences are no longer searched, answered from or briefed; the inputs they came from
    forget them, so ingesting such an input again adds its article back. Saved briefs keep
    quoting them. Nothing is deleted if any ID is unknown or ambiguous.
    """
    from briefing.text.safe import safe

    gone = make_service(index, chroma_url).delete(list(article_ids))
    if as_json:
        print_json([info.model_dump(mode="json") for info in gone])
        return
    out = console()
    for info in gone:
        origins = ", ".join(safe(o) for o in info.origins) or "no input"
        out.print(f"deleted {info.id} “{safe(info.title)}” (from {origins})", markup=False, highlight=False)
    out.print(f"{len(gone)} article(s) deleted", markup=False, highlight=False, style="dim")
