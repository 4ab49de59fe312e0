"""Settings: where the database lives, what "today" is, which language to speak.

Everything here is resolved once, from (highest first) explicit arguments, the
environment (``DESKUI_DB``, ``DESKUI_TODAY``, ``DESKUI_NOW``, ``DESKUI_DATA_DIR``,
``DESKUI_CONFIG_DIR``, ``DESKUI_LANG``) and the TOML settings file in the user
config dir. Tests isolate themselves through the same environment variables.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from deskui.i18n import t

APP_NAME = "deskui"
CONFIG_FILE = "settings.toml"

# Keys the settings file may hold, with their types.
_CONFIG_KEYS: dict[str, type] = {
    "db": str,
    "lang": str,
    "backup_keep": int,
    "export_dir": str,
    "lock_minutes": int,  # the desk locks after this many idle minutes; 0 never
    "db_pool": int,  # connections one desk keeps to a PostgreSQL server
}

# A desk on a PostgreSQL server keeps a pool of connections: its UI thread
# reads the first screen and writes, and a few worker threads read at once
# (a search still running when the next keystroke's starts, the header, the
# queue's poll). Four cover that; the server's ``max_connections`` must hold
# desks × db_pool plus a reserve (README "Several desks: the town server").
DB_POOL_DEFAULT = 4
DB_POOL_RANGE = (2, 32)


class ConfigError(ValueError):
    """A setting is wrong; the message (Chinese) names the key."""


@dataclass(frozen=True)
class Clock:
    """Today's date and the current time, frozen when a test or a report asks.

    ``today`` fixes the date (``DESKUI_TODAY``); ``now`` fixes the moment
    (``DESKUI_NOW``). With only a date frozen, ``now()`` is that date at the
    real time of day, so queue times still move.
    """

    fixed_today: dt.date | None = None
    fixed_now: dt.datetime | None = None

    def today(self) -> dt.date:
        if self.fixed_now is not None:
            return self.fixed_now.date()
        if self.fixed_today is not None:
            return self.fixed_today
        return dt.date.today()

    def now(self) -> dt.datetime:
        if self.fixed_now is not None:
            return self.fixed_now
        real = dt.datetime.now().replace(microsecond=0)
        if self.fixed_today is not None:
            return dt.datetime.combine(self.fixed_today, real.time())
        return real


def redact_url(url: str) -> str:
    """A database path or URL fit for a message or a log: no password."""
    if "://" not in url or "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"


def _user_dirs() -> tuple[Path, Path]:
    import platformdirs

    data = Path(os.environ.get("DESKUI_DATA_DIR") or platformdirs.user_data_dir(APP_NAME, False))
    conf = Path(
        os.environ.get("DESKUI_CONFIG_DIR") or platformdirs.user_config_dir(APP_NAME, False)
    )
    return data, conf


def parse_date_setting(name: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ConfigError(t("config.bad_date", name=name, value=value)) from None


def parse_datetime_setting(name: str, value: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(value.strip().replace("T", " "))
    except ValueError:
        raise ConfigError(t("config.bad_datetime", name=name, value=value)) from None


def read_config_file(path: Path) -> dict[str, object]:
    """Read and validate the TOML settings file; a bad key is named."""
    if not path.exists():
        return {}
    # imported only when there is a file: most desks have none
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(t("config.bad_file", path=str(path), error=str(exc))) from None
    for key, value in data.items():
        expected = _CONFIG_KEYS.get(key)
        if expected is None:
            raise ConfigError(t("config.unknown_key", path=str(path), key=key))
        if not isinstance(value, expected) or isinstance(value, bool) != (expected is bool):
            raise ConfigError(t("config.bad_type", path=str(path), key=key, type=expected.__name__))
    return data


@dataclass(frozen=True)
class Settings:
    db: str
    data_dir: Path
    config_dir: Path
    clock: Clock = field(default_factory=Clock)
    lang: str = "zh_CN"
    backup_keep: int = 10
    export_dir: Path | None = None
    demo: bool = False
    lock_minutes: int = 10
    db_pool: int = DB_POOL_DEFAULT

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    def with_db(self, db: str) -> Settings:
        return replace(self, db=db)


def default_db_path(data_dir: Path) -> Path:
    return data_dir / "deskui.db"


def demo_db_path(data_dir: Path) -> Path:
    return data_dir / "demo.db"


def load_settings(
    db: str | None = None,
    *,
    demo: bool = False,
    env: dict[str, str] | None = None,
) -> Settings:
    """Resolve the settings from arguments, environment and config file."""
    env = dict(os.environ) if env is None else env
    data_dir, config_dir = _user_dirs()
    file_values = read_config_file(config_dir / CONFIG_FILE)

    clock = Clock(
        fixed_today=parse_date_setting("DESKUI_TODAY", env["DESKUI_TODAY"])
        if env.get("DESKUI_TODAY")
        else None,
        fixed_now=parse_datetime_setting("DESKUI_NOW", env["DESKUI_NOW"])
        if env.get("DESKUI_NOW")
        else None,
    )
    if demo:
        chosen = db or str(demo_db_path(data_dir))
    else:
        chosen = (
            db
            or env.get("DESKUI_DB")
            or str(file_values.get("db") or "")
            or str(default_db_path(data_dir))
        )
    export_dir = file_values.get("export_dir")
    return Settings(
        db=chosen,
        data_dir=data_dir,
        config_dir=config_dir,
        clock=clock,
        lang=str(env.get("DESKUI_LANG") or file_values.get("lang") or "zh_CN"),
        backup_keep=int(file_values.get("backup_keep", 10)),  # type: ignore[call-overload]
        export_dir=Path(str(export_dir)) if export_dir else None,
        demo=demo,
        lock_minutes=max(0, int(file_values.get("lock_minutes", 10))),  # type: ignore[call-overload]
        db_pool=_db_pool(file_values.get("db_pool"), config_dir / CONFIG_FILE),
    )


def _db_pool(value: object, path: Path) -> int:
    if value is None:
        return DB_POOL_DEFAULT
    low, high = DB_POOL_RANGE
    if not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(t("config.bad_pool", path=str(path), value=value, low=low, high=high))
    return value


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    import json

    return json.dumps(str(value), ensure_ascii=False)  # a TOML basic string


def remember_export_dir(folder: Path, config_dir: Path | None = None) -> Path:
    """Write ``export_dir`` into settings.toml in the user config dir (the
    other keys kept), so the export dialog offers the same folder next time."""
    conf = config_dir or _user_dirs()[1]
    path = conf / CONFIG_FILE
    values = read_config_file(path)
    values["export_dir"] = str(Path(folder).expanduser())
    conf.mkdir(parents=True, exist_ok=True)
    text = "".join(f"{key} = {_toml_value(value)}\n" for key, value in values.items())
    path.write_text(text, encoding="utf-8")
    return path


def remembered_export_dir(config_dir: Path | None = None) -> Path | None:
    """The export folder remembered in settings.toml, if any."""
    conf = config_dir or _user_dirs()[1]
    value = read_config_file(conf / CONFIG_FILE).get("export_dir")
    return Path(str(value)) if value else None
