"""One article, sentences numbered; opened from a citation, the cited sentence highlighted.

This is where a reader checks an answer: the sentence is shown in its context, with the
article's title, source and date, scrolled into the middle of the screen.
"""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from briefing.core.models import Article, Sentence
from briefing.text.safe import date_label, unwrapped
from briefing.tui import render
from briefing.tui.backend import Backend
from briefing.tui.messages import ArticleLoaded
from briefing.tui.workers import attempt


class SentenceLine(Horizontal):
    """``  n  text``, with the text wrapping under itself, not under the number."""

    def __init__(self, sentence: Sentence, cited: bool) -> None:
        super().__init__(classes="sentence -cited" if cited else "sentence", id=f"sentence-{sentence.n}")
        self.sentence = sentence

    def compose(self) -> ComposeResult:
        yield Static(render.text(str(self.sentence.n)), classes="sentence-n")
        yield Static(render.text(unwrapped(self.sentence.text)), classes="sentence-text")


class ArticleBody(VerticalScroll):
    """The sentences; keeps the cited one centred until the layout of its neighbours settles.

    Sentence heights are known only once the layout has wrapped them, which can take more than
    one refresh; re-centring on each change of the scrollable size is exact without guessing.
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.centre_on: Widget | None = None

    def centre(self, widget: Widget | None) -> None:
        """Centre ``widget`` now and again whenever the layout changes (None stops it)."""
        self.centre_on = widget
        self.call_after_refresh(self._recentre)

    def on_resize(self, _event: events.Resize) -> None:
        self._recentre()

    def _recentre(self) -> None:
        if self.centre_on is not None:
            self.scroll_to_center(self.centre_on, animate=False, immediate=True)


class ArticleScreen(Screen[None]):
    """Title, source, date and id on top; the sentences below; Esc goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, backend: Backend, article_id: str, cited: int | None = None) -> None:
        super().__init__()
        self.backend, self.article_id, self.cited = backend, article_id, cited
        self.article: Article | None = None

    def compose(self) -> ComposeResult:
        yield Static(render.text(f"Loading article {self.article_id}…", "italic dim"), id="article-head")
        yield ArticleBody(id="article-body")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def _load(self) -> None:
        failed = partial(self.app.call_from_thread, self._failed)
        article = attempt(lambda: self.backend.get_article(self.article_id), failed)
        if article is not None:
            self.post_message(ArticleLoaded(article))

    def _failed(self, error: str) -> None:
        self.app.notify(error, title="Cannot open the article", severity="error", markup=False)
        if self.is_current:
            self.app.pop_screen()

    async def on_article_loaded(self, message: ArticleLoaded) -> None:
        article = self.article = message.article
        head = render.text(article.title, "bold")
        meta = f"{article.source or 'unknown source'} · {date_label(article.published)} · id {article.id}"
        head += "\n" + render.text(meta, "dim")
        if article.url:
            head += "\n" + render.text(article.url, "dim underline")
        if self.cited is not None:
            head += "\n" + render.text(f"Cited sentence: {self.cited} (highlighted)", "$accent")
        self.query_one("#article-head", Static).update(head)
        body = self.query_one(ArticleBody)
        await body.mount_all(SentenceLine(s, s.n == self.cited) for s in article.sentences)
        body.centre(self.cited_line())
        body.focus()  # arrows and page keys scroll the article

    def cited_line(self) -> SentenceLine | None:
        found = self.query(".sentence.-cited")
        return found.first(SentenceLine) if found else None
