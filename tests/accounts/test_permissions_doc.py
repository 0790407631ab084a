"""docs/permissions.md carries the capability tables generated from the table."""

import pytest
from django.core.management import CommandError, call_command

from apps.accounts.management.commands.permissions_doc import END, START, regenerate, render


def test_the_document_is_up_to_date():
    call_command("permissions_doc", "--check")


def test_a_stale_document_is_refused(tmp_path, monkeypatch):
    stale = tmp_path / "permissions.md"
    stale.write_text(f"prose\n{START}\nold table\n{END}\nmore prose\n", encoding="utf-8")
    monkeypatch.setattr(
        "apps.accounts.management.commands.permissions_doc.document_path", lambda: stale
    )
    with pytest.raises(CommandError, match="stale"):
        call_command("permissions_doc", "--check")
    call_command("permissions_doc")
    written = stale.read_text(encoding="utf-8")
    assert written.startswith("prose\n") and written.endswith("\nmore prose\n")
    assert render() in written and "old table" not in written
    assert regenerate(written) == written
