"""Where the console keeps its files on this PC: resolved once at start-up, then passed in."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "DispatchConsole"
APP_AUTHOR = "DispatchConsole"
DB_ENV = "DISPATCH_CONSOLE_DB"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    config_dir: Path
    log_dir: Path

    @classmethod
    def for_user(cls) -> AppPaths:
        """The platform's own folders (AppData on Windows, Library on macOS, XDG on Linux)."""
        return cls(
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)),
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR)),
        )

    @classmethod
    def under(cls, root: Path) -> AppPaths:
        """Everything below one folder: for tests and portable installs."""
        return cls(data_dir=root / "data", config_dir=root / "config", log_dir=root / "logs")

    @property
    def default_database(self) -> Path:
        return self.data_dir / "dispatch.db"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "console.ini"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "dispatch-console.log"

    def ensure(self) -> None:
        for folder in (self.data_dir, self.config_dir, self.log_dir):
            folder.mkdir(parents=True, exist_ok=True)


def database_url(explicit: str | None, paths: AppPaths, environ: dict[str, str] | None = None) -> str:
    """``--db``, else ``DISPATCH_CONSOLE_DB``, else the SQLite file in the user's data folder."""
    env = os.environ if environ is None else environ
    if explicit:
        return explicit
    if env.get(DB_ENV):
        return env[DB_ENV]
    return "sqlite:///" + paths.default_database.as_posix()
