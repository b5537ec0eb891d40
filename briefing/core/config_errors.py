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
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar, get_origin

from pydantic import BaseModel

from briefing.core.errors import ConfigError

_PREFIX = "BRIEFING_"
_Model = TypeVar("_Model", bound=BaseModel)
_ENV_SOURCE = re.compile(r'error parsing value for field "(\w+)" from source "EnvSettingsSource"')


def read_settings(
    settings_cls: type[_Model], aliases: Mapping[str, str], config_file: Callable[[], Path | None]
) -> _Model:
    """``settings_cls()`` read, or the one ConfigError that says which variable or file is at fault."""
    from pydantic import ValidationError

    try:
        settings = settings_cls()
    except ValidationError as exc:
        first = exc.errors()[0]
        raise bad_value(first["loc"], first["msg"], aliases, config_file()) from None
    except (OSError, ValueError) as exc:
        raise unreadable(exc, settings_cls, config_file()) from None
    if unknown := unknown_setting(config_file(), settings_cls) or unknown_variable(settings_cls):
        raise unknown
    return settings


def unknown_variable(settings_cls: type[BaseModel]) -> ConfigError | None:
    """The error for a ``BRIEFING_SECTION__NAME`` variable that names no setting
    (``BRIEFING_RETRIEVAL__KK``, ``BRIEFING_RETRIEVL__K``): pydantic-settings ignores it, so the user
    would believe it applied. Variables without ``__`` (``BRIEFING_DEBUG``, a script's own) are not
    settings' names and stay ignored."""
    for name in sorted(_environ()):
        if not name.startswith(_PREFIX) or "__" not in name:
            continue
        section, _, field = name[len(_PREFIX) :].lower().partition("__")
        model = (
            settings_cls.model_fields[section].annotation if section in settings_cls.model_fields else None
        )
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            known = ", ".join(settings_cls.model_fields)
            return ConfigError(
                f"{name} names no setting: no section {section!r}",
                f"fix its name or unset it (sections: {known})",
            )
        if field not in model.model_fields:
            known = ", ".join(model.model_fields)
            return ConfigError(
                f"{name} names no setting: {section} has no {field!r}",
                f"fix its name or unset it ({section}: {known})",
            )
    return None


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


def bad_value(
    loc: Sequence[Any], message: str, aliases: Mapping[str, str], config: Path | None = None
) -> ConfigError:
    """The error for one invalid setting, naming the variable that set it when one is set, else
    the config file (the only other source :func:`load_settings` reads; defaults are valid)."""
    where = ".".join(str(part) for part in loc)
    variable = variable_for(loc, aliases)
    if variable is None and config is not None:
        return ConfigError(
            f"bad setting {where} (from the config file {config}): {message}", f"fix it in {config}"
        )
    if variable is None:
        return ConfigError(f"bad setting {where}: {message}")
    return ConfigError(f"bad setting {where} (from {variable}): {message}", f"fix or unset {variable}")


def unknown_setting(config: Path | None, settings_cls: type[BaseModel]) -> ConfigError | None:
    """The error for a config file naming a section or setting that does not exist (``[retreival]``,
    ``k_max = 3``): pydantic ignores it, and the user would believe a setting applied that never did."""
    import tomllib

    if config is None:
        return None
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # already read once by pydantic-settings: not expected here
        return None
    for section, value in data.items():
        model = (
            settings_cls.model_fields[section].annotation if section in settings_cls.model_fields else None
        )
        known = list(settings_cls.model_fields)
        if model is not None and isinstance(model, type) and issubclass(model, BaseModel):
            known = list(model.model_fields)
            unknown = [key for key in value if key not in known] if isinstance(value, dict) else []
            if not unknown:
                continue
            section = f"{section}.{unknown[0]}"
        return ConfigError(
            f"the config file {config} sets {section}, which is not a setting",
            f"fix its name or remove it (known here: {', '.join(known)})",
        )
    return None
