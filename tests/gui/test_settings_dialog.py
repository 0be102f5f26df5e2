"""The Settings dialog: tokens in the keyring (never shown), the keyring-unavailable
sentence, the GitHub API URL and the pool size."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot
from tests.jobs.helpers import SECRET, TokenServer
from tests.jobs.helpers import token_server as token_server
from tests.keyrings import MemoryKeyring

from recruitdesk.gui.settings_dialog import (
    API_URL_KEY,
    SLOTS_KEY,
    SettingsDialog,
    saved_api_url,
    saved_slots,
)
from recruitdesk.jobs.tasks import TaskManager
from recruitdesk.tokens import SERVICE, add_token, token_names


@pytest.fixture
def tasks() -> Iterator[TaskManager]:
    manager = TaskManager(2)
    yield manager
    assert manager.shutdown(10_000)  # the pool drained


def make_dialog(qtbot: QtBot, **options: object) -> SettingsDialog:
    dialog = SettingsDialog(**options)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_token_goes_to_the_keyring_and_is_never_shown(
    qtbot: QtBot,
    memory_keyring: MemoryKeyring,
    token_server: TokenServer,
    tasks: TaskManager,
    tmp_path: Path,
) -> None:
    token_server.budgets[SECRET] = 4987
    token_server.token_logins[SECRET] = "ada"
    dialog = make_dialog(qtbot, api_url=token_server.url, tasks=tasks)
    assert not dialog.keyring_problem.isVisible()
    assert dialog.token_rows() == []
    qtbot.keyClicks(dialog.name_edit, "work")
    qtbot.keyClicks(dialog.value_edit, SECRET)
    with qtbot.waitSignal(dialog.tokens_changed):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert memory_keyring.secrets[(SERVICE, "work")] == SECRET
    assert token_names() == ["work"]
    assert dialog.value_edit.text() == ""
    assert dialog.value_edit.echoMode() is dialog.value_edit.EchoMode.Password
    qtbot.waitUntil(lambda: "GitHub user ada" in " ".join(dialog.token_rows()), timeout=10_000)
    assert dialog.token_rows() == ["work  —  GitHub user ada, 4,987 of 5,000 requests left"]
    assert "Stored the token 'work'" in dialog.message.text()
    dialog.grab().save(str(tmp_path / "settings.png"))
    shown = " ".join([*dialog.token_rows(), dialog.message.text()])
    assert SECRET not in shown


def test_remove_a_token(qtbot: QtBot, memory_keyring: MemoryKeyring) -> None:
    add_token("work", "ghp_one")
    add_token("spare", "ghp_two")
    dialog = make_dialog(qtbot)
    assert not dialog.remove_button.isEnabled()
    dialog.token_list.setCurrentRow(1)
    assert dialog.remove_button.isEnabled()
    with qtbot.waitSignal(dialog.tokens_changed):
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert token_names() == ["work"]
    assert (SERVICE, "spare") not in memory_keyring.secrets
    assert dialog.token_rows() == ["work"]


def test_a_bad_token_name_is_refused_in_one_sentence(
    qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    dialog = make_dialog(qtbot)
    qtbot.keyClicks(dialog.name_edit, "has space")
    qtbot.keyClicks(dialog.value_edit, "ghp_x")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "is not a token name" in dialog.message.text()
    assert dialog.message.property("error") is True
    assert dialog.value_edit.text() == ""  # the secret does not linger in the field
    assert token_names() == []


def test_without_a_keyring_the_dialog_says_so_and_how_to_fix_it(
    qtbot: QtBot, no_keyring: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_env")
    dialog = make_dialog(qtbot)
    text = dialog.keyring_problem.text()
    assert dialog.keyring_problem.isVisible()
    assert text.startswith("No usable keyring backend on this system")
    assert "GITHUB_TOKEN" in text
    # The problem with its fix, then why the fields are greyed out.
    assert text.endswith("one run. Until then, tokens cannot be added or removed here.")
    assert not dialog.add_button.isEnabled()
    for field in (dialog.name_edit, dialog.value_edit):
        assert not field.isEnabled()
        assert field.toolTip() == text
    assert dialog.token_rows() == ["GITHUB_TOKEN (environment)  —  for this run only"]
    dialog.token_list.setCurrentRow(0)
    assert not dialog.remove_button.isEnabled()


def test_the_api_url_and_the_pool_size_are_saved(
    qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    settings = QSettings("recruitdesk-tests", "settings-dialog")
    settings.clear()
    dialog = make_dialog(qtbot, api_url="https://api.github.com", slots=0)
    assert dialog.slots_spin.specialValueText().startswith("Automatic (1 ")
    dialog.api_url_edit.setText("ftp://nowhere")
    dialog.accept()
    assert dialog.isVisible()  # refused
    assert "starts with https://" in dialog.message.text()
    dialog.api_url_edit.setText("https://github.example.com/api/v3/")
    dialog.slots_spin.setValue(3)
    dialog.accept()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    dialog.save(settings)
    assert settings.value(API_URL_KEY) == "https://github.example.com/api/v3"
    assert saved_api_url(settings) == "https://github.example.com/api/v3"
    assert saved_slots(settings) == 3
    settings.setValue(SLOTS_KEY, "lots")
    assert saved_slots(settings) == 0
    settings.clear()


def test_another_api_url_asks_that_github_about_the_tokens(
    qtbot: QtBot, memory_keyring: MemoryKeyring, token_server: TokenServer, tasks: TaskManager
) -> None:
    add_token("work", SECRET)
    token_server.budgets[SECRET] = 10
    token_server.token_logins[SECRET] = "ada"
    gone = TokenServer().start()
    gone_url = gone.url
    gone.stop()
    dialog = make_dialog(qtbot, api_url=gone_url, tasks=tasks)
    qtbot.waitUntil(lambda: "offline" in " ".join(dialog.token_rows()), timeout=10_000)
    assert "login and rate limit unknown" in dialog.token_rows()[0]
    dialog.api_url_edit.setText(token_server.url)
    dialog.api_url_edit.editingFinished.emit()
    qtbot.waitUntil(lambda: "GitHub user ada" in " ".join(dialog.token_rows()), timeout=10_000)
    assert dialog.token_rows() == ["work  —  GitHub user ada, 10 of 5,000 requests left"]
