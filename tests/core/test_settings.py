"""Settings: where each value comes from, lowest priority first — defaults, a TOML file,
``BRIEFING_*`` variables, then flags — and one clear error for a bad value."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.core.errors import ConfigError
from briefing.core.settings import RetrievalSettings, load_settings
from tests.conftest import isolate

TOML = """
[retrieval]
k = 7

[llm]
model = "from-toml"

[storage]
path = "toml-index"
"""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An isolated environment: no BRIEFING_*/OPENAI_* variable, an empty HOME and working directory."""
    work = tmp_path / "work"
    work.mkdir()
    isolate(monkeypatch, work)
    for name in ("OPENAI_BASE_URL", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_defaults_without_any_source(home: Path) -> None:
    settings = load_settings()
    assert settings.retrieval == RetrievalSettings() and settings.llm.model is None
    assert settings.storage.path == Path("index")


def test_toml_then_environment_then_flags(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Path("briefing.toml").write_text(TOML)
    assert load_settings().retrieval.k == 7
    monkeypatch.setenv("BRIEFING_RETRIEVAL__K", "9")
    settings = load_settings()
    assert settings.retrieval.k == 9 and settings.llm.model == "from-toml"
    flagged = settings.with_overrides(**{"retrieval.k": 11, "llm.model": None})  # an unset flag is skipped
    assert flagged.retrieval.k == 11 and flagged.llm.model == "from-toml"


def test_the_config_file_is_found_explicit_then_local_then_user(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = home / ".config" / "briefing" / "config.toml"
    user.parent.mkdir(parents=True)
    user.write_text("[retrieval]\nk = 3\n")
    assert load_settings().retrieval.k == 3
    Path("briefing.toml").write_text("[retrieval]\nk = 4\n")
    assert load_settings().retrieval.k == 4
    explicit = home / "elsewhere.toml"
    explicit.write_text("[retrieval]\nk = 5\n")
    monkeypatch.setenv("BRIEFING_CONFIG", str(explicit))
    assert load_settings().retrieval.k == 5


def test_shortcut_variables_and_their_rank(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Path("briefing.toml").write_text(TOML)
    monkeypatch.setenv("BRIEFING_MODEL", "from-shortcut")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    settings = load_settings()
    assert settings.llm.model == "from-shortcut"  # above the file
    assert settings.llm.base_url == "http://127.0.0.1:9/v1"
    monkeypatch.setenv("BRIEFING_LLM__MODEL", "from-section")
    assert load_settings().llm.model == "from-section"  # the section variable is more specific
    monkeypatch.setenv("BRIEFING_STORAGE__PATH", "section-index")
    monkeypatch.setenv("BRIEFING_INDEX", "shortcut-index")
    assert load_settings().storage.path == Path("shortcut-index")


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("BRIEFING_RETRIEVAL__K", "0", "bad setting retrieval.k (from BRIEFING_RETRIEVAL__K): "),
        ("BRIEFING_LLM__ENGINE", "magic", "bad setting llm.engine (from BRIEFING_LLM__ENGINE): "),
        ("briefing_chunks__size", "many", "bad setting chunks.size (from BRIEFING_CHUNKS__SIZE): "),
    ],
)
def test_a_bad_value_is_one_config_error(
    home: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    line = caught.value.one_line()
    assert line.startswith(message) and "\n" not in line
    assert line.endswith(f"— fix or unset {variable.upper()}")
    assert value not in line.replace(variable.upper(), "")  # a variable's value is never echoed


def test_a_bad_value_from_the_config_file_names_the_file(home: Path) -> None:
    Path("briefing.toml").write_text("[retrieval]\nk = 0\n")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    line = caught.value.one_line()
    assert line.startswith("bad setting retrieval.k (from the config file briefing.toml): ")
    assert line.endswith("— fix it in briefing.toml")


@pytest.mark.parametrize(
    ("toml", "named", "known"),
    [
        ("[retreival]\nk = 3\n", "retreival", "storage, embedder, chunks, retrieval, answer"),
        ("[retrieval]\nk = 3\nkk = 4\n", "retrieval.kk", "k, candidates, rrf_k"),
        ("k = 3\n", "k", "storage, embedder"),
    ],
)
def test_a_misspelt_setting_in_the_config_file_is_an_error_not_ignored(
    home: Path, toml: str, named: str, known: str
) -> None:
    Path("briefing.toml").write_text(toml)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert caught.value.message == f"the config file briefing.toml sets {named}, which is not a setting"
    assert caught.value.fix.startswith(f"fix its name or remove it (known here: {known}")


def test_a_broken_config_file_is_one_config_error_naming_it(home: Path) -> None:
    Path("briefing.toml").write_text("[retrieval\nk = ")
    with pytest.raises(ConfigError, match=r"^cannot read the config file briefing.toml: ") as caught:
        load_settings()
    assert caught.value.fix == "fix the file's TOML, or set BRIEFING_CONFIG to another file"


def test_a_missing_explicit_config_file_is_an_error(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_CONFIG", str(home / "nowhere.toml"))
    with pytest.raises(ConfigError, match=r"^BRIEFING_CONFIG names .*nowhere.toml, which is not a file$"):
        load_settings()


@pytest.mark.parametrize(
    ("variable", "value", "message", "fix"),
    [
        (
            "BRIEFING_BRIEF__INPUTS",
            "feeds/",
            "BRIEFING_BRIEF__INPUTS is not valid JSON (a list is written as JSON)",
            """set it to a JSON list, e.g. BRIEFING_BRIEF__INPUTS='["feeds/", "https://example.org/rss"]', """
            "or unset it",
        ),
        (
            "BRIEFING_RETRIEVAL",
            "{k: 3",
            "BRIEFING_RETRIEVAL is not valid JSON (a whole section is written as a JSON object)",
            "set its settings one by one (BRIEFING_RETRIEVAL__<NAME>=value), or unset it",
        ),
    ],
)
def test_a_variable_with_bad_json_is_named_not_the_config_file(
    home: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str, fix: str
) -> None:
    Path("briefing.toml").write_text("[retrieval]\nk = 7\n")  # a good file, which is not to blame
    monkeypatch.setenv("BRIEFING_BRIEF__INCLUDE_UNDATED", "true")  # a good simple variable beside it
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert (caught.value.message, caught.value.fix) == (message, fix)
    monkeypatch.setenv(variable, '["feeds/"]' if "__" in variable else '{"k": 3}')
    settings = load_settings()
    assert settings.brief.inputs == ["feeds/"] or settings.retrieval.k == 3


@pytest.mark.parametrize(
    ("variable", "message", "fix"),
    [
        (
            "BRIEFING_RETRIEVAL__KK",
            "BRIEFING_RETRIEVAL__KK names no setting: retrieval has no 'kk'",
            "fix its name or unset it (retrieval: k, candidates, rrf_k",
        ),
        (
            "briefing_retrievl__k",
            "BRIEFING_RETRIEVL__K names no setting: no section 'retrievl'",
            "fix its name or unset it (sections: storage, embedder, chunks, retrieval",
        ),
    ],
)
def test_a_misspelt_setting_variable_is_an_error_not_ignored(
    home: Path, monkeypatch: pytest.MonkeyPatch, variable: str, message: str, fix: str
) -> None:
    monkeypatch.setenv(variable, "3")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert caught.value.message == message and caught.value.fix.startswith(fix)


def test_unknown_variables_are_ignored(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_RAISE_ERRORS", "1")  # the test switch is not a setting
    monkeypatch.setenv("BRIEFING_NO_SUCH_THING", "x")
    assert load_settings().retrieval == RetrievalSettings()


def test_relative_paths_in_the_config_file_are_read_from_its_folder(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = home / "projects" / "news"
    folder.mkdir(parents=True)
    config = folder / "briefing.toml"
    config.write_text(
        '[storage]\npath = "index"\n[brief]\ndir = "saved"\n'
        'inputs = ["feeds/", "https://example.org/rss", "/srv/news", "~/inbox"]\n'
    )
    monkeypatch.setenv("BRIEFING_CONFIG", str(config))
    settings = load_settings()
    assert settings.storage.path == folder / "index"  # not ./index in the working directory
    assert settings.brief.dir == folder / "saved"
    feeds, inbox = str(folder / "feeds"), str(home / "inbox")
    assert settings.brief.inputs == [feeds, "https://example.org/rss", "/srv/news", inbox]
    monkeypatch.setenv("BRIEFING_INDEX", "from-shell")  # typed in the shell: the working directory's
    assert load_settings().storage.path == Path("from-shell")
    flagged = settings.with_overrides(**{"storage.path": "flagged"})
    assert flagged.storage.path == Path("flagged")


def test_a_config_file_in_the_working_directory_keeps_its_relative_paths(home: Path) -> None:
    Path("briefing.toml").write_text(TOML)
    assert load_settings().storage.path == Path("toml-index")
