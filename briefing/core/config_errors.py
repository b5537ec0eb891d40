"""One line for a setting that cannot be read, naming where it came from: the ``BRIEFING_*``
variable (never its value: it may be anything a user pasted) or the config file.

pydantic-settings reports a variable holding bad JSON as "error parsing value for field "brief"
from source "EnvSettingsSource"" (a ``ValueError``), which read as a broken config file; and a
bad value as ``brief.include_undated``, which does not say which of three places set it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, get_origin

from pydantic import BaseModel

from briefing.core.errors import ConfigError

_PREFIX = "BRIEFING_"
_ENV_SOURCE = re.compile(r'error parsing value for field "(\w+)" from source "EnvSettingsSource"')


def _environ() -> dict[str, str]:
    """The process's variables by upper-case name (pydantic-settings matches names case-blind)."""
    return {name.upper(): value for name, value in os.environ.items()}


def variable_for(loc: Sequence[Any], aliases: Mapping[str, str]) -> str | None:
    """The set variable that gave the setting at ``loc`` (section, field), if one did: the
    section variable, else a shortcut such as BRIEFING_INDEX (``aliases``: variable -> dotted path)."""
    env = _environ()
    path = [str(part) for part in loc[:2]]
    names = [_PREFIX + "__".join(path[: n + 1]).upper() for n in range(len(path))][::-1]
    names += [name for name, dotted in aliases.items() if dotted.split(".") == path]
    return next((name for name in names if name in env), None)


def _is_complex(annotation: Any) -> bool:
    """Whether pydantic-settings reads this field's variable as JSON (a list, a dict, a section)."""
    return get_origin(annotation) in (list, dict, set, tuple) or (
        isinstance(annotation, type) and issubclass(annotation, BaseModel)
    )


def _not_json(value: str) -> bool:
    try:
        json.loads(value)
    except ValueError:
        return True
    return False


def bad_json_variable(message: str, settings_cls: type[BaseModel]) -> str | None:
    """The ``BRIEFING_*`` variable behind pydantic-settings' parse error ``message``, if any: one
    of the section's variables whose field takes JSON and whose value is not JSON."""
    found = _ENV_SOURCE.search(message)
    field = settings_cls.model_fields.get(found.group(1)) if found else None
    if found is None or field is None:
        return None
    section = _PREFIX + found.group(1).upper()
    candidates = {section: field.annotation}
    if isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel):
        for name, sub in field.annotation.model_fields.items():
            candidates[f"{section}__{name.upper()}"] = sub.annotation
    env = _environ()
    return next(
        (
            name
            for name, kind in candidates.items()
            if name in env and _is_complex(kind) and _not_json(env[name])
        ),
        None,
    )


def unreadable(exc: Exception, settings_cls: type[BaseModel], config: Path | None) -> ConfigError:
    """The error for settings that could not be read at all: a variable's bad JSON, or the file."""
    variable = bad_json_variable(str(exc), settings_cls)
    if variable is not None and "__" in variable:
        return ConfigError(
            f"{variable} is not valid JSON (a list is written as JSON)",
            f"""set it to a JSON list, e.g. {variable}='["feeds/", "https://example.org/rss"]', """
            "or unset it",
        )
    if variable is not None:
        return ConfigError(
            f"{variable} is not valid JSON (a whole section is written as a JSON object)",
            f"set its settings one by one ({variable}__<NAME>=value), or unset it",
        )
    where = f"the config file {config}" if config is not None else "the settings"
    return ConfigError(
        f"cannot read {where}: {exc}", "fix the file's TOML, or set BRIEFING_CONFIG to another file"
    )


def bad_value(loc: Sequence[Any], message: str, aliases: Mapping[str, str]) -> ConfigError:
    """The error for one invalid setting, naming the variable that set it when one is set."""
    where = ".".join(str(part) for part in loc)
    variable = variable_for(loc, aliases)
    if variable is None:
        return ConfigError(f"bad setting {where}: {message}")
    return ConfigError(f"bad setting {where} (from {variable}): {message}", f"fix or unset {variable}")
