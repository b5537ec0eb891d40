"""The TOML config file as a settings source, with its relative paths read from its own folder.

A path written in a config file is written by someone looking at that file: ``path = "index"`` in
``~/projects/news/briefing.toml`` means ``~/projects/news/index`` whichever folder ``briefing`` is
then run from (and with ``BRIEFING_CONFIG`` pointing at the file, that is the only reading that
does not change with the shell's folder). Environment variables and CLI flags are typed in the
shell, so their relative paths stay relative to the working directory.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic_settings import BaseSettings, TomlConfigSettingsSource

FILE_RELATIVE_PATHS = (("storage", "path"), ("brief", "dir"))
"""The (section, setting) pairs holding one file-system path."""
FILE_RELATIVE_LISTS = (("brief", "inputs"),)
"""The (section, setting) pairs holding a list of inputs: paths, globs or URLs."""


def find_config_file() -> Path | None:
    """The first config file that exists, if any."""
    explicit = os.environ.get("BRIEFING_CONFIG")
    if explicit:
        if not Path(explicit).is_file():  # silently reading no file would hide every setting in it
            from briefing.core.errors import ConfigError

            raise ConfigError(
                f"BRIEFING_CONFIG names {explicit}, which is not a file",
                "fix the path or unset BRIEFING_CONFIG",
            )
        return Path(explicit)
    for candidate in (Path("briefing.toml"), Path.home() / ".config" / "briefing" / "config.toml"):
        if candidate.is_file():
            return candidate
    return None


class ConfigFileSource(TomlConfigSettingsSource):
    """The config file's settings, relative paths joined to the file's folder."""

    def __init__(self, settings_cls: type[BaseSettings], toml_file: Path) -> None:
        super().__init__(settings_cls, toml_file=toml_file)
        self.folder = toml_file.parent

    def __call__(self) -> dict[str, Any]:
        return anchored(super().__call__(), self.folder)


def anchored(data: dict[str, Any], folder: Path) -> dict[str, Any]:
    """``data`` with each relative path setting joined to ``folder`` (values of the wrong type are
    left as they are, for validation to name them)."""
    for section, name in FILE_RELATIVE_PATHS:
        table = data.get(section)
        if isinstance(table, dict) and isinstance(table.get(name), str):
            table[name] = str(_joined(table[name], folder))
    for section, name in FILE_RELATIVE_LISTS:
        table = data.get(section)
        if isinstance(table, dict) and isinstance(table.get(name), list):
            table[name] = [_input_joined(item, folder) for item in table[name]]
    return data


def _joined(value: str, folder: Path) -> Path:
    """``value`` read from ``folder``; an absolute path is kept, and ``~`` is the home folder (no
    shell expands it in a file)."""
    path = Path(value).expanduser()
    return path if path.is_absolute() else folder / path


def _input_joined(item: Any, folder: Path) -> Any:
    """One of ``brief.inputs`` read from ``folder``; a URL (``scheme://``) is not a path."""
    if not isinstance(item, str) or "://" in item or not item:
        return item
    return str(_joined(item, folder))
