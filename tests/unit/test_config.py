import pytest

from practice import create_app
from practice.config import ProductionConfig


def test_production_refuses_to_start_without_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    config = type("Prod", (ProductionConfig,), {"SECRET_KEY": None})
    with pytest.raises(RuntimeError, match="SECRET_KEY must be set"):
        create_app(config)


def test_development_secret_is_generated_once_into_instance(tmp_path, monkeypatch):
    from practice import config as config_module

    monkeypatch.setattr(config_module.Config, "SECRET_KEY", None)
    first = config_module.development_secret(str(tmp_path))
    second = config_module.development_secret(str(tmp_path))
    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def _production(**settings):
    defaults = {"SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    return type("Prod", (ProductionConfig,), defaults | settings)


def test_production_refuses_rate_limits_counted_per_worker():
    with pytest.raises(RuntimeError, match="counted per worker"):
        create_app(_production(RATELIMIT_STORAGE_URI="memory://"))


def test_production_starts_with_shared_limits_or_one_declared_process():
    assert create_app(_production(RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0"))
    assert create_app(_production(RATELIMIT_STORAGE_URI="memory://", SINGLE_PROCESS=True))
