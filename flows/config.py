"""Settings in one place: defaults, then a TOML file, then NEWSFACTS_* environment variables, then flags."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

CONFIG_ENV = "NEWSFACTS_CONFIG"
DEFAULT_CONFIG_FILE = "newsfacts.toml"
ENV_PREFIX = "NEWSFACTS_"
TASK_RUNNERS = ("thread", "dask")
USER_AGENT = "newsfacts/{version} (news figures extractor; +https://pypi.org/project/newsfacts/)"


class ConfigError(Exception):
    """A setting has a bad value or the config file cannot be read; the message names the setting and its source."""


@dataclass(frozen=True)
class Settings:
    """Every setting. In the TOML file `fetch_timeout` is written `timeout` under `[fetch]`; in the environment
    it is NEWSFACTS_FETCH_TIMEOUT."""

    input: str | None = None            # file, folder, glob or URL; None: the shipped seeds (unless feeds are set)
    output: str = "data"
    feeds: tuple[str, ...] = ()         # feed or article URLs fetched by every run
    batch_size: int = 2000
    workers: int | None = None          # extraction processes on this machine; None: one per CPU
    task_runner: str = "thread"         # thread or dask
    dask_address: str | None = None     # tcp://HOST:PORT of a Dask scheduler; None: a temporary local cluster
    fetch_timeout: float = 20.0         # seconds for each HTTP request
    fetch_max_bytes: int = 5_000_000    # larger responses are rejected unread beyond this
    fetch_retries: int = 3              # retries after a timeout, a connection error, 429 or 5xx
    fetch_backoff: float = 1.0          # first retry delay in seconds, doubled at each retry
    fetch_host_delay: float = 1.0       # seconds between two requests to the same host
    fetch_max_items: int = 200          # items taken from one feed per run
    fetch_user_agent: str = USER_AGENT
    fetch_robots: bool = True           # obey robots.txt
    load_to: str | None = None          # a warehouse URL the scheduled flow loads into after each run
    load_schema: str | None = None
    serve_cron: str | None = None
    serve_name: str = "newsfacts-scheduled"


_FIELDS = {f.name: f for f in fields(Settings)}
_SECTIONS = ("fetch", "load", "serve")


def load_settings(config: str | None = None, flags: dict | None = None,
                  environ: dict[str, str] | None = None) -> Settings:
    """The settings from defaults, the config file, the environment and the flags (not None), later ones winning."""
    environ = os.environ if environ is None else environ
    values: dict[str, object] = {}
    path = config or environ.get(CONFIG_ENV)
    if path:
        values.update(_read_toml(Path(path)))
    elif Path(DEFAULT_CONFIG_FILE).is_file():
        values.update(_read_toml(Path(DEFAULT_CONFIG_FILE)))
    for name in _FIELDS:
        raw = environ.get(ENV_PREFIX + name.upper())
        if raw is not None and raw.strip() != "":
            values[name] = _coerce(name, raw, f"environment variable {ENV_PREFIX}{name.upper()}")
    for name, value in (flags or {}).items():
        if value is not None:
            values[name] = _coerce(name, value, f"--{name.replace('_', '-')}")
    settings = replace(Settings(), **values)
    _check(settings)
    return settings


def _read_toml(path: Path) -> dict[str, object]:
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except OSError as e:
        raise ConfigError(f"cannot read config file {path}: {e.strerror or e}") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"config file {path} is not valid TOML: {e}") from None
    values: dict[str, object] = {}
    for key, value in data.items():
        if key in _SECTIONS and isinstance(value, dict):
            for sub, sub_value in value.items():
                values[_known(f"{key}_{sub}", f"{path}: [{key}] {sub}")] = (sub_value, f"{path}: [{key}] {sub}")
        else:
            values[_known(key, f"{path}: {key}")] = (value, f"{path}: {key}")
    return {name: _coerce(name, value, where) for name, (value, where) in values.items()}


def _known(name: str, where: str) -> str:
    if name not in _FIELDS:
        raise ConfigError(f"unknown setting {where}")
    return name


def _coerce(name: str, value: object, where: str) -> object:
    """The value converted to the setting's type; strings (environment) are parsed."""
    kind = _FIELDS[name].type
    try:
        if "tuple" in kind:
            if isinstance(value, str):
                return tuple(v for v in value.replace(",", " ").split() if v)
            if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
                return tuple(value)
            raise ValueError("expected a list of strings")
        if kind.startswith("bool"):
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.strip().lower() in ("1", "true", "yes", "on", "0", "false", "no", "off"):
                return value.strip().lower() in ("1", "true", "yes", "on")
            raise ValueError("expected true or false")
        if kind.startswith("int"):
            if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).strip().lstrip("-").isdigit():
                raise ValueError("expected a whole number")
            return int(value)
        if kind.startswith("float"):
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                raise ValueError("expected a number")
            try:
                return float(value)
            except ValueError:
                raise ValueError("expected a number") from None
        if not isinstance(value, str):
            raise ValueError("expected a string")
        return value
    except ValueError as e:
        raise ConfigError(f"{where}: {e}: {value!r}") from None


def _check(s: Settings) -> None:
    if s.task_runner not in TASK_RUNNERS:
        raise ConfigError(f"task runner must be one of {', '.join(TASK_RUNNERS)}, not {s.task_runner!r}")
    if s.dask_address and s.task_runner != "dask":
        raise ConfigError("a Dask address is set but the task runner is not dask (use --task-runner dask)")
    if s.workers is not None and s.workers < 1:
        raise ConfigError(f"workers must be at least 1, not {s.workers}")
    for name in ("batch_size", "fetch_max_bytes", "fetch_max_items"):
        if getattr(s, name) < 1:
            raise ConfigError(f"{name} must be at least 1, not {getattr(s, name)}")
    for name in ("fetch_timeout", "fetch_backoff", "fetch_host_delay", "fetch_retries"):
        if getattr(s, name) < 0:
            raise ConfigError(f"{name} must not be negative, not {getattr(s, name)}")
