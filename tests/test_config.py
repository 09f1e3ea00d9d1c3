"""Settings come from one place: defaults, a TOML file, NEWSFACTS_* variables and flags, later ones winning."""
import pytest

from flows.config import ConfigError, Settings, load_settings

TOML = """
output = "from-file"
batch_size = 50
feeds = ["http://127.0.0.1:1/feed.xml"]

[fetch]
timeout = 5
robots = false

[load]
to = "duckdb:///w.duckdb"
"""


def test_defaults_without_any_source(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_settings(None, {}, environ={}) == Settings()


def test_file_then_environment_then_flags(tmp_path):
    path = tmp_path / "n.toml"
    path.write_text(TOML)
    s = load_settings(str(path), {}, environ={})
    assert (s.output, s.batch_size, s.feeds, s.fetch_timeout, s.fetch_robots, s.load_to) == (
        "from-file", 50, ("http://127.0.0.1:1/feed.xml",), 5.0, False, "duckdb:///w.duckdb")
    env = {"NEWSFACTS_OUTPUT": "from-env", "NEWSFACTS_FETCH_TIMEOUT": "7.5", "NEWSFACTS_FETCH_ROBOTS": "yes",
           "NEWSFACTS_FEEDS": "http://a/x, http://b/y"}
    s = load_settings(str(path), {}, environ=env)
    assert (s.output, s.fetch_timeout, s.fetch_robots, s.feeds) == ("from-env", 7.5, True, ("http://a/x", "http://b/y"))
    s = load_settings(str(path), {"output": "from-flag", "batch_size": None}, environ=env)
    assert (s.output, s.batch_size) == ("from-flag", 50)


def test_config_path_from_the_environment_and_the_working_folder(tmp_path, monkeypatch):
    path = tmp_path / "elsewhere.toml"
    path.write_text('output = "named"\n')
    assert load_settings(None, {}, environ={"NEWSFACTS_CONFIG": str(path)}).output == "named"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "newsfacts.toml").write_text('output = "local"\n')
    assert load_settings(None, {}, environ={}).output == "local"


@pytest.mark.parametrize("text, words", [
    ("outptu = 'x'", "unknown setting"),
    ("[fetch]\ntimeot = 3", "[fetch] timeot"),
    ("batch_size = 'many'", "expected a whole number"),
    ("batch_size = 0", "at least 1"),
    ("feeds = 'http://x'", None),
    ("task_runner = 'ray'", "task runner"),
    ("dask_address = 'tcp://127.0.0.1:8786'", "not dask"),
    ("[fetch]\nrobots = 'maybe'", "true or false"),
    ("output = [", "not valid TOML"),
])
def test_bad_settings_say_which_and_where(tmp_path, text, words):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    if words is None:  # a single string where a list is expected is read as a list of one
        assert load_settings(str(path), {}, environ={}).feeds == ("http://x",)
        return
    with pytest.raises(ConfigError) as e:
        load_settings(str(path), {}, environ={})
    assert words in str(e.value)


def test_bad_environment_value_names_the_variable():
    with pytest.raises(ConfigError, match="NEWSFACTS_FETCH_RETRIES"):
        load_settings(None, {}, environ={"NEWSFACTS_FETCH_RETRIES": "often"})


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_settings(str(tmp_path / "none.toml"), {}, environ={})


def test_a_bad_config_file_is_one_line_on_the_command_line(tmp_path, prefect_env):
    from conftest import run_cli

    path = tmp_path / "bad.toml"
    path.write_text("[fetch]\ntimeout = 'soon'\n")
    result = run_cli(["run", "--config", str(path), "--output", str(tmp_path / "out")], prefect_env)
    assert result.returncode == 2
    assert result.stderr.strip() == f"newsfacts: error: {path}: [fetch] timeout: expected a number: 'soon'"
    assert not (tmp_path / "out").exists()


def test_the_documented_example_file_is_valid_and_shows_the_defaults():
    from conftest import REPO

    assert load_settings(str(REPO / "examples" / "newsfacts.toml"), {}, environ={}) == Settings()
