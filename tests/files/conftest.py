import pytest
from django.core.files.storage import default_storage


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Each test stores into its own MEDIA_ROOT and upload temp dir, with no scanner."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-tmp")
    (tmp_path / "upload-tmp").mkdir()
    settings.CLAMAV_ADDRESS = ""
    settings.FILES_X_ACCEL_REDIRECT_PREFIX = ""
    # FileSystemStorage forgets its cached location when MEDIA_ROOT changes.
    assert default_storage.location == str(tmp_path / "media")


@pytest.fixture
def stored_names(tmp_path):
    """Every object currently in the storage, as storage names."""

    def _names():
        root = tmp_path / "media"
        return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())

    return _names


@pytest.fixture
def upload_tmp_files(tmp_path):
    def _files():
        return sorted(p.name for p in (tmp_path / "upload-tmp").iterdir())

    return _files
