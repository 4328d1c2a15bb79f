"""Settings precedence: defaults < TOML < environment < explicit overrides; bad values named."""

from __future__ import annotations

import os

import pytest

from stance.config.settings import Settings, ensure_offline, load_settings
from stance.errors import SettingsError


def test_defaults(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    s = load_settings()
    assert s == Settings()
    assert s.db_path == "stance.db"


def test_toml_then_env_then_override(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    cfg = tmp_path / "my.toml"
    cfg.write_text('[stance]\ndb_path = "from_toml.db"\nevent_window_days = 7\nalign_threshold = 0.5\n')
    s = load_settings(cfg)
    assert (s.db_path, s.event_window_days, s.align_threshold) == ("from_toml.db", 7, 0.5)
    monkeypatch.setenv("STANCE_DB_PATH", "from_env.db")
    monkeypatch.setenv("STANCE_EVENT_WINDOW_DAYS", "3")
    s = load_settings(cfg)
    assert (s.db_path, s.event_window_days) == ("from_env.db", 3)
    s = load_settings(cfg, db_path="from_arg.db")
    assert s.db_path == "from_arg.db"


def test_unknown_setting_and_bad_value_are_named(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    cfg = tmp_path / "bad.toml"
    cfg.write_text("db_pth = 'x.db'\n")
    with pytest.raises(SettingsError, match="db_pth"):
        load_settings(cfg)
    cfg.write_text("event_window_days = 'soon'\n")
    with pytest.raises(SettingsError, match="event_window_days"):
        load_settings(cfg)
    cfg.write_text("this is = = not toml\n")
    with pytest.raises(SettingsError, match="bad.toml"):
        load_settings(cfg)


def test_offline_variables_set(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    ensure_offline()
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert os.environ["TRANSFORMERS_OFFLINE"] == "1"
