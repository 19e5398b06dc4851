"""Settings from the environment, with defaults that run the bot on this checkout as it is."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    database_url: str
    nlu_url: str
    community_file: Path
    nlu_timeout: float
    puppet_token: str | None
    puppet_endpoint: str | None

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        return cls(
            database_url=env.get("DATABASE_URL") or f"sqlite:///{ROOT / 'var' / 'xiaoqing.db'}",
            nlu_url=env.get("NLU_URL") or "http://127.0.0.1:5005",
            community_file=Path(env.get("COMMUNITY_FILE") or ROOT / "data" / "community.example.yml"),
            nlu_timeout=float(env.get("NLU_TIMEOUT") or 5),
            puppet_token=env.get("WECHATY_PUPPET_SERVICE_TOKEN") or None,
            puppet_endpoint=env.get("WECHATY_PUPPET_SERVICE_ENDPOINT") or None,
        )
