from pathlib import Path

from django.conf import settings

from config.env import broker_config, database_config


def test_embedded_database_is_sqlite_in_wal_with_immediate_transactions(tmp_path: Path) -> None:
    config = database_config("", var_dir=tmp_path)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "db.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert "busy_timeout=5000" in config["OPTIONS"]["init_command"]


def test_postgres_url() -> None:
    config = database_config("postgres://u:p@db.local:5433/plan", var_dir=Path("var"))
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.local", 5433, "plan")


def test_embedded_broker_uses_one_folder_for_in_and_out(tmp_path: Path) -> None:
    url, options = broker_config("", var_dir=tmp_path)
    assert url == "filesystem://"
    assert options["data_folder_in"] == options["data_folder_out"]
    assert Path(options["data_folder_in"]).is_dir()
    assert Path(options["control_folder"]).is_absolute()
    assert options["store_processed"] is False


def test_locale_and_time_zone() -> None:
    assert settings.LANGUAGE_CODE == "es-pe"
    assert settings.TIME_ZONE == "America/Lima"
    assert settings.USE_TZ is True


def test_media_on_the_filesystem_by_default_and_s3_by_setting() -> None:
    import importlib.util

    import pytest

    from config.env import ConfigError, media_storage

    assert media_storage({})["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    env = {"MEDIA_S3_BUCKET": "documentos-pcm", "MEDIA_S3_ENDPOINT_URL": "https://s3.example"}
    if importlib.util.find_spec("storages") is None:
        with pytest.raises(ConfigError, match="django-storages"):
            media_storage(env)
    else:
        storage = media_storage(env)
        assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
        assert storage["OPTIONS"]["bucket_name"] == "documentos-pcm"
