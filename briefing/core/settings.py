"""One settings object for the whole program.

Values come, lowest priority first, from the defaults here, an optional TOML config file
(``BRIEFING_CONFIG``, else ``./briefing.toml``, else ``~/.config/briefing/config.toml``), and
``BRIEFING_*`` environment variables (nested sections with ``__``, e.g.
``BRIEFING_RETRIEVAL__K=8``; ``BRIEFING_INDEX`` and ``BRIEFING_CHROMA_URL`` are shortcuts).
CLI flags override all of them via :meth:`Settings.with_overrides`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from briefing.core.config_file import ConfigFileSource, find_config_file
from briefing.core.input_settings import InputSettings


class IndexSettings(BaseModel):
    """Where articles, sentences and vectors are stored."""

    path: Path = Field(
        Path("index"),
        description="Directory of the on-disk index (Chroma + BM25); relative in the config file: to "
        "the file's folder, in a variable or flag: to the working directory.",
    )
    collection: str = Field("briefing", description="Name prefix of the Chroma collections.")
    chroma_url: str | None = Field(
        None, description="http(s)://HOST:PORT of a Chroma server; unset uses the embedded index."
    )


class EmbedderSettings(BaseModel):
    """Which model turns text into vectors; the index records it and refuses another."""

    kind: Literal["local", "openai"] = Field(
        "local", description="local: bundled all-MiniLM-L6-v2 int8 ONNX; openai: a /v1/embeddings endpoint."
    )
    model: str = Field(
        "all-MiniLM-L6-v2-int8", description="Model name (sent to the endpoint for kind=openai)."
    )
    base_url: str | None = Field(None, description="Base URL of the OpenAI-compatible embeddings endpoint.")
    batch_size: int = Field(
        8,
        ge=1,
        le=512,
        description="Texts embedded per model call (8: fastest here, and a third of the memory of 32).",
    )
    max_tokens: int = Field(
        256, ge=16, le=8192, description="Wordpiece limit of the model; chunks stay under it."
    )
    threads: int = Field(0, ge=0, description="onnxruntime intra-op threads; 0 lets it choose.")


class ChunkSettings(BaseModel):
    """How articles are cut into chunks for dense and lexical retrieval."""

    size: int = Field(200, ge=32, le=2048, description="Chunk size in wordpieces (title prefix included).")
    overlap: int = Field(40, ge=0, le=512, description="Overlap between neighbouring chunks, in wordpieces.")


class RetrievalSettings(BaseModel):
    """Hybrid retrieval: dense chunks, BM25 chunks and BM25 articles, fused by reciprocal rank."""

    k: int = Field(5, ge=1, le=100, description="Articles retrieved for an answer.")
    candidates: int = Field(100, ge=5, le=1000, description="Hits taken from each ranking before fusion.")
    rrf_k: int = Field(10, ge=1, description="Reciprocal-rank-fusion constant (smaller favours top ranks).")
    search_ef: int = Field(
        1000,
        ge=10,
        le=100_000,
        description=(
            "How widely Chroma's HNSW graph is searched for the dense hits (its ef_search). Chroma's default"
            " of 100 for 100 hits returned 95% of the true nearest chunks at 4k articles (as few as 76%"
            " for one question) and, for an index still replaying its log, a different set in every"
            " process; 1000 returns 100% for ~1.3 ms more per question (bench/README.md)."
        ),
    )
    dense_weight: float = Field(1.0, ge=0, description="Weight of the dense (embedding) chunk ranking.")
    bm25_weight: float = Field(1.0, ge=0, description="Weight of the BM25 chunk ranking.")
    article_bm25_weight: float = Field(1.0, ge=0, description="Weight of the BM25 whole-article ranking.")
    lead_dense_weight: float = Field(
        0.0, ge=0, description="Weight of the dense ranking of articles by their first chunk (title, lead)."
    )
    article_dense_weight: float = Field(
        0.0, ge=0, description="Weight of the dense ranking of whole articles (mean of their chunk vectors)."
    )
    date_weight: float = Field(
        1.0, ge=0, description='Boost for articles published in the month a question names ("in May 2017").'
    )
    passage_weight: float = Field(
        1.0,
        ge=0,
        description="Weight of the re-ranking of the top articles by their best two-sentence passage.",
    )
    exact_weight: float = Field(
        1.0,
        ge=0,
        description="Weight of the ranking of the candidates by the question's numbers and names held whole.",
    )
    number_forms: bool = Field(
        True,
        description='Exact match also finds a number written otherwise ("2.9 million" = "2,900,000").',
    )
    proximity_weight: float = Field(
        1.0,
        ge=0,
        description="Weight of the re-ranking of the top articles by the question's adjacent word pairs.",
    )


class AnswerSettings(BaseModel):
    """How the extractive engine composes answers from sentences."""

    max_sentences: int = Field(3, ge=1, le=20, description="Most sentences quoted in one answer.")
    min_support: float = Field(
        0.34, ge=0, le=1, description="Least share of the question's weighted terms a sentence must cover."
    )
    relative_floor: float = Field(
        0.85, ge=0, le=1, description="Least score, relative to the best sentence, for further sentences."
    )
    rerank: int = Field(
        2,
        ge=0,
        le=100,
        description="Best candidate sentences re-scored by embedding similarity (each costs ~7 ms per ask).",
    )
    duplicate_overlap: float = Field(
        0.7, ge=0, le=1, description="Word overlap above which sentences are near-duplicates."
    )
    answerability: bool = Field(
        True,
        description="Answer only from sentences that match the question's focus (names as units, the asked "
        "relation and measure) and hold an answer of the asked type; off: word overlap alone decides.",
    )
    judged: int = Field(
        8,
        ge=1,
        le=50,
        description="Best supported candidates checked for answerability (each may cost a parse).",
    )
    min_focus_share: float = Field(
        0.34,
        ge=0,
        le=1,
        description="Least share of the question's other key nouns and noun phrases found near an answer "
        "(one more found than asked for is counted, so a single paraphrased noun does not refuse).",
    )
    term_similarity: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Least embedding similarity for a different word to stand for the asked relation or "
        "measure (wounded ~ injured).",
    )


class FetchSettings(BaseModel):
    """How http(s) inputs are downloaded."""

    timeout: float = Field(15.0, gt=0, description="Seconds before a URL fetch gives up.")
    max_bytes: int = Field(20_000_000, ge=1024, description="Largest body accepted from a URL.")
    max_file_bytes: int = Field(
        100_000_000,
        ge=1024,
        description="Largest local file accepted; bigger files are refused with a message.",
    )


class LLMSettings(BaseModel):
    """The optional LLM engine: an OpenAI-compatible chat endpoint that writes cited answers.

    The API key is deliberately not a setting: it is read from OPENAI_API_KEY when a request is
    made, so no settings dump, index or export can ever contain it.
    """

    engine: Literal["auto", "extractive", "llm"] = Field(
        "auto",
        description="auto: the LLM when a model and an endpoint (base URL or OPENAI_API_KEY) are set, "
        "else the offline extractive engine.",
    )
    model: str | None = Field(None, description="Chat model name (also BRIEFING_MODEL), e.g. gpt-4o-mini.")
    base_url: str | None = Field(
        None,
        description="OpenAI-compatible base URL (also OPENAI_BASE_URL), e.g. http://localhost:11434/v1; "
        "unset means api.openai.com.",
    )
    timeout: float = Field(
        60.0, gt=0, description="Seconds to wait for the reply to start, and between streamed chunks."
    )
    deadline: float = Field(
        120.0,
        gt=0,
        description="Most seconds one answer (or one brief story) may take in total: retries that "
        "do not fit are not made, and past it the stream is closed and the extractive answer is shown "
        "with a notice.",
    )
    max_reply_chars: int = Field(
        20_000,
        ge=500,
        description="Longest reply read, in characters; a longer one is cut off and the extractive "
        "answer is shown with a notice.",
    )
    structured: Literal["auto", "off"] = Field(
        "auto",
        description="auto: ask for JSON sentences with cited ids (response_format json_schema; llama.cpp, "
        "vLLM and OpenAI honour it), and read [S#] text markers when the server refuses; off: text "
        "markers only.",
    )
    attribute: bool = Field(
        True,
        description="Attribute a sentence the model left without a valid citation to the retrieved "
        "sentence that supports it best (marked attributed in --json), then check it as any other.",
    )
    max_retries: int = Field(
        2, ge=0, le=10, description="Retries of timeouts, 429 and 5xx, with the client's exponential backoff."
    )
    temperature: float = Field(0.0, ge=0, le=2, description="Sampling temperature; 0 keeps answers close.")
    max_tokens: int = Field(
        700, ge=32, le=16384, description="Longest answer the model may write, in tokens."
    )
    max_sentences: int = Field(
        5, ge=1, le=30, description="Most sentences asked of the model and kept (repeats dropped first)."
    )
    context_sentences: int = Field(
        8, ge=1, le=60, description="Best retrieved sentences shown to the model, each with its neighbours."
    )
    context_window: int = Field(
        1, ge=0, le=5, description="Neighbouring sentences shown on each side of a retrieved sentence."
    )
    min_similarity: float = Field(
        0.45,
        ge=0,
        le=1,
        description="Least embedding cosine between an answer sentence and the sentences it cites.",
    )
    min_coverage: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Least share of an answer sentence's key terms found (or paraphrased) in what it cites.",
    )


class BriefSettings(BaseModel):
    """Situation briefs (`briefing brief`) and the daily run (`briefing daily`)."""

    dir: Path | None = Field(
        None,
        description="Folder of saved briefs; unset means 'briefs' beside the index directory (relative "
        "in the config file: to the file's folder).",
    )
    inputs: list[str] = Field(
        default_factory=list,
        description="Feeds, URLs, files and folders that `briefing daily` ingests before writing the brief "
        "(relative paths in the config file: to the file's folder).",
    )
    max_stories: int = Field(
        10, ge=1, le=200, description="Most stories a brief is built from (--max-stories), best first."
    )
    max_words: int = Field(
        1500,
        ge=100,
        le=1_000_000,
        description="Word budget of the Markdown/HTML/TUI brief (--max-words): stories are shown, most "
        "important first, while the Markdown stays within it; the JSON keeps everything; --full lifts it.",
    )
    max_articles: int = Field(
        400, ge=1, le=20000, description="Most articles a brief reads (the newest in the window)."
    )
    developments: int = Field(3, ge=1, le=20, description="Key developments (sentences) per story.")
    max_claims: int = Field(
        5, ge=0, le=100, description="Claims shown per story in the Markdown/HTML/TUI (the JSON has all)."
    )
    max_figures: int = Field(
        5, ge=0, le=100, description="Figures shown per story in the Markdown/HTML/TUI (the JSON has all)."
    )
    timeline_items: int = Field(
        8,
        ge=0,
        le=1000,
        description="Timeline entries of the window shown in the Markdown/HTML/TUI; older dates are "
        "summed up in one background line (the JSON has all).",
    )
    background_days: int = Field(
        7, ge=0, le=3650, description="Timeline dates over this many days before the window are background."
    )
    topic_articles: int = Field(
        30, ge=1, le=500, description="Articles retrieved for a brief on a topic (--topic)."
    )
    story_threshold: float = Field(
        0.25, ge=0, le=1, description="Least average similarity for articles to be one story."
    )
    duplicate_overlap: float = Field(
        0.5, ge=0, le=1, description="Shingle containment above which two texts are copies of one origin."
    )
    include_undated: bool = Field(
        False, description="Include articles without a publication date (the --include-undated default)."
    )


class Settings(BaseSettings):
    """All of briefing's configuration, one nested object."""

    model_config = SettingsConfigDict(
        env_prefix="BRIEFING_", env_nested_delimiter="__", extra="ignore", validate_default=True
    )

    storage: IndexSettings = Field(
        default_factory=IndexSettings, description="Index location (BRIEFING_INDEX sets storage.path)."
    )
    embedder: EmbedderSettings = Field(default_factory=EmbedderSettings, description="Embedding model.")
    chunks: ChunkSettings = Field(default_factory=ChunkSettings, description="Chunking.")
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings, description="Retrieval.")
    answer: AnswerSettings = Field(default_factory=AnswerSettings, description="Extractive answers.")
    fetch: FetchSettings = Field(default_factory=FetchSettings, description="URL fetching.")
    inputs: InputSettings = Field(default_factory=InputSettings, description="Reading inputs' dates.")
    llm: LLMSettings = Field(
        default_factory=LLMSettings,
        description="LLM answers (BRIEFING_MODEL and OPENAI_BASE_URL set llm.model and llm.base_url).",
    )
    brief: BriefSettings = Field(default_factory=BriefSettings, description="Briefs and the daily run.")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [
            init_settings,
            _AliasSource(settings_cls, "storage", SHORTCUTS),
            env_settings,
            _AliasSource(settings_cls, "llm", LLM_ALIASES),
        ]
        config = find_config_file()
        if config is not None:
            sources.append(ConfigFileSource(settings_cls, config))
        return tuple(sources)

    def with_overrides(self, **dotted: Any) -> Settings:
        """A copy with CLI flags applied; keys are dotted paths, ``None`` values are skipped."""
        data = self.model_dump()
        for key, value in dotted.items():
            if value is None:
                continue
            section, _, name = key.partition(".")
            data[section][name] = value
        return Settings.model_validate(data)


class _AliasSource(PydanticBaseSettingsSource):
    """Variables of one section under names people already type, e.g. BRIEFING_INDEX for
    BRIEFING_STORAGE__PATH: ``names`` maps each variable to its field."""

    def __init__(self, settings_cls: type[BaseSettings], section: str, names: dict[str, str]) -> None:
        super().__init__(settings_cls)
        self.section, self.names = section, names

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        found = {field: os.environ[name] for name, field in self.names.items() if os.environ.get(name)}
        return {self.section: found} if found else {}


SHORTCUTS = {"BRIEFING_INDEX": "path", "BRIEFING_CHROMA_URL": "chroma_url"}
"""The two variables people type most; above BRIEFING_STORAGE__*."""
LLM_ALIASES = {"BRIEFING_MODEL": "model", "OPENAI_BASE_URL": "base_url"}
"""OPENAI_BASE_URL is the name every OpenAI-compatible tool reads. Below the BRIEFING_LLM__*
variables, above the config file. OPENAI_API_KEY is not read here: the key never enters the
settings (see LLMSettings)."""


def load_settings() -> Settings:
    """Read the settings; a bad value, an unreadable file or a misspelt setting in the config file
    is one clear error that names the variable or file at fault (:mod:`briefing.core.config_errors`)."""
    from briefing.core import config_errors

    aliases = {name: f"storage.{field}" for name, field in SHORTCUTS.items()}
    aliases |= {name: f"llm.{field}" for name, field in LLM_ALIASES.items()}
    return config_errors.read_settings(Settings, aliases, find_config_file)
