"""Settings: the GitHub tokens in the system keyring, the GitHub API URL (GitHub
Enterprise Server), how many analyses run at once, outgoing mail
(:mod:`recruitdesk.gui.smtp_settings`), and the name this workstation's writes are
recorded under.

Tokens are added and removed at once, in the keyring only (``recruitdesk.tokens``); the
value is typed into a password field and cleared as soon as it is stored. Where the
system has no usable keyring, the dialog says so in one sentence with the fix, and
tokens cannot be added (``GITHUB_TOKEN`` still works for a run). The API URL, the
pool size and the name are kept in ``QSettings`` and take effect when the dialog is accepted.
"""

import urllib.parse
from functools import partial

import shiboken6
from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from recruitdesk import APP_NAME
from recruitdesk.analysis.github.defaults import DEFAULT_API_URL
from recruitdesk.errors import KnownError
from recruitdesk.gui.smtp_settings import SmtpBox
from recruitdesk.gui.style import show_message
from recruitdesk.jobs.manager import default_slots
from recruitdesk.jobs.tasks import TaskContext, TaskManager
from recruitdesk.jobs.token_status import TokenStatus, check_token
from recruitdesk.storage.database import account_name
from recruitdesk.tokens import (
    ENV_SOURCE,
    Token,
    add_token,
    remove_token,
    token_names,
    token_pool,
    unusable_reason,
)

API_URL_KEY = "github/api_url"
SLOTS_KEY = "jobs/slots"
USER_NAME_KEY = "workstation/user_name"
#: The most analyses at once the dialog offers.
MAX_SLOTS = 16
_NameRole = Qt.ItemDataRole.UserRole + 1


def saved_api_url(settings: QSettings) -> str:
    value = settings.value(API_URL_KEY, DEFAULT_API_URL)
    return str(value) if value else DEFAULT_API_URL


def saved_slots(settings: QSettings) -> int:
    """Analyses at once as saved; 0 means automatic."""
    try:
        return max(0, min(MAX_SLOTS, int(str(settings.value(SLOTS_KEY, 0)))))
    except ValueError:
        return 0


def saved_user_name(settings: QSettings) -> str:
    """Who this workstation's edits, moves, notes and scorecards are recorded as: the
    name set here, else the account name."""
    value = str(settings.value(USER_NAME_KEY, "") or "").strip()
    return value[:100] or account_name()


def check_api_url(text: str) -> str | None:
    """Why ``text`` is not a GitHub API address, or ``None``."""
    parts = urllib.parse.urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "The GitHub API URL starts with https:// (GitHub Enterprise: https://HOST/api/v3)."
    return None


def _check(token: Token, api_url: str, _context: TaskContext) -> TokenStatus:
    return check_token(token, api_url)


class SettingsDialog(QDialog):
    """Tokens, the API URL and the pool size; ``tokens_changed`` after an add or a
    removal."""

    tokens_changed = Signal()

    def __init__(
        self,
        *,
        api_url: str = DEFAULT_API_URL,
        slots: int = 0,
        user_name: str = "",
        tasks: TaskManager | None = None,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Settings")
        self.setMinimumWidth(620)
        self.tasks = tasks
        self._statuses: dict[str, str] = {}
        self._checked_url = api_url
        layout = QVBoxLayout(self)
        layout.setSpacing(12)

        tokens_box = QGroupBox("GitHub tokens")
        tokens_box.setObjectName("tokensBox")
        tokens_layout = QVBoxLayout(tokens_box)
        intro = QLabel(
            "Tokens are kept in your system's keyring, never in a file. With several, "
            "a token whose rate limit is spent rests until its reset and another takes "
            "over. A token needs no scopes to read public repositories."
        )
        intro.setWordWrap(True)
        intro.setProperty("class", "muted")
        tokens_layout.addWidget(intro)
        self.keyring_problem = QLabel()
        self.keyring_problem.setObjectName("keyringProblem")
        self.keyring_problem.setWordWrap(True)
        self.keyring_problem.hide()
        tokens_layout.addWidget(self.keyring_problem)
        self.token_list = QListWidget()
        self.token_list.setObjectName("tokenList")
        self.token_list.setMinimumHeight(90)
        self.token_list.setMaximumHeight(150)
        self.token_list.setWordWrap(True)
        tokens_layout.addWidget(self.token_list)
        add_row = QHBoxLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("tokenName")
        self.name_edit.setPlaceholderText("Name, e.g. work")
        self.value_edit = QLineEdit()
        self.value_edit.setObjectName("tokenValue")
        self.value_edit.setPlaceholderText("Token (ghp_… or github_pat_…)")
        self.value_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_button = QPushButton("Add token")
        self.add_button.setObjectName("addToken")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("removeToken")
        add_row.addWidget(self.name_edit, 1)
        add_row.addWidget(self.value_edit, 2)
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.remove_button)
        tokens_layout.addLayout(add_row)
        self.message = QLabel()
        self.message.setObjectName("settingsMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        tokens_layout.addWidget(self.message)
        layout.addWidget(tokens_box)

        github_box = QGroupBox("GitHub and analysis")
        form = QFormLayout(github_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.api_url_edit = QLineEdit(api_url)
        self.api_url_edit.setObjectName("apiUrl")
        self.api_url_edit.setPlaceholderText(DEFAULT_API_URL)
        form.addRow("GitHub API URL", self.api_url_edit)
        hint = QLabel("GitHub Enterprise Server: https://HOST/api/v3")
        hint.setProperty("class", "muted")
        form.addRow("", hint)
        self.slots_spin = QSpinBox()
        self.slots_spin.setObjectName("poolSize")
        self.slots_spin.setRange(0, MAX_SLOTS)
        self.slots_spin.setValue(slots)
        self.slots_spin.setMinimumWidth(260)
        form.addRow("Analyses at once", self.slots_spin)
        layout.addWidget(github_box)
        self.smtp_box = SmtpBox(settings or QSettings(APP_NAME, APP_NAME, self))
        layout.addWidget(self.smtp_box)

        team_box = QGroupBox("This workstation")
        team_form = QFormLayout(team_box)
        self.user_name_edit = QLineEdit(user_name)
        self.user_name_edit.setObjectName("userName")
        self.user_name_edit.setMaxLength(100)
        self.user_name_edit.setPlaceholderText(account_name())
        team_form.addRow("Your name", self.user_name_edit)
        who = QLabel("Recorded on your edits, moves, notes and scorecards (the History tab).")
        who.setProperty("class", "muted")
        team_form.addRow("", who)
        layout.addWidget(team_box)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        layout.addWidget(self.buttons)

        self.add_button.clicked.connect(self.add_token)
        self.remove_button.clicked.connect(self.remove_selected)
        self.value_edit.returnPressed.connect(self.add_token)
        self.token_list.itemSelectionChanged.connect(self._update_buttons)
        self.api_url_edit.editingFinished.connect(self._api_url_edited)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.refresh_tokens()

    # -- tokens ----------------------------------------------------------------------

    def refresh_tokens(self) -> None:
        """List the tokens (names only) and ask GitHub about each in the background."""
        reason = unusable_reason()
        why = f"{reason} Until then, tokens cannot be added or removed here." if reason else ""
        self.keyring_problem.setText(why)
        self.keyring_problem.setVisible(reason is not None)
        for widget in (self.name_edit, self.value_edit, self.add_button):
            widget.setEnabled(reason is None)
            widget.setToolTip(why)
        self.token_list.clear()
        pool = {token.name: token for token in token_pool()}
        self._checked_url = self.api_url()
        names = [] if reason is not None else token_names()
        if ENV_SOURCE in pool:
            names.append(ENV_SOURCE)
        for name in names:
            item = QListWidgetItem()
            item.setData(_NameRole, name)
            self.token_list.addItem(item)
            if name not in pool:
                self._statuses[name] = "missing from the keyring"
            elif name not in self._statuses:
                self._statuses[name] = "checking with GitHub…" if self.tasks else ""
                if self.tasks is not None and not self.tasks.closed:
                    self.tasks.run(
                        partial(_check, pool[name], self.api_url()),
                        on_success=self._token_checked,
                    )
            self._show_item(item)
        self.slots_spin.setSpecialValueText(
            f"Automatic ({default_slots(len(pool))} from the cores and tokens)"
        )
        self._update_buttons()

    def _api_url_edited(self) -> None:
        """Another GitHub (Enterprise): ask it about the tokens again."""
        if self.api_url() != self._checked_url and check_api_url(self.api_url()) is None:
            self._statuses.clear()
            self.refresh_tokens()

    def _show_item(self, item: QListWidgetItem) -> None:
        name = str(item.data(_NameRole))
        where = "for this run only" if name == ENV_SOURCE else ""
        status = self._statuses.get(name, "")
        details = " · ".join(part for part in (where, status) if part)
        item.setText(f"{name}  —  {details}" if details else name)
        item.setToolTip(details)

    def _token_checked(self, status: object) -> None:
        if not shiboken6.isValid(self.token_list) or not isinstance(status, TokenStatus):
            return
        self._statuses[status.name] = status.describe()
        for row in range(self.token_list.count()):
            item = self.token_list.item(row)
            if item.data(_NameRole) == status.name:
                self._show_item(item)

    def token_rows(self) -> list[str]:
        return [self.token_list.item(row).text() for row in range(self.token_list.count())]

    def _update_buttons(self) -> None:
        chosen = self.token_list.selectedItems()
        removable = (
            bool(chosen) and chosen[0].data(_NameRole) != ENV_SOURCE and unusable_reason() is None
        )
        self.remove_button.setEnabled(removable)

    def add_token(self) -> None:
        name = self.name_edit.text().strip()
        value = self.value_edit.text()
        try:
            add_token(name, value)
        except KnownError as error:
            self.show_message(str(error), error=True)
            return
        finally:
            self.value_edit.clear()
        self.name_edit.clear()
        self._statuses.pop(name, None)
        self.show_message(f"Stored the token {name!r} in the system keyring.")
        self.refresh_tokens()
        self.tokens_changed.emit()

    def remove_selected(self) -> None:
        chosen = self.token_list.selectedItems()
        if not chosen:
            return
        name = str(chosen[0].data(_NameRole))
        try:
            remove_token(name)
        except KnownError as error:
            self.show_message(str(error), error=True)
            return
        self._statuses.pop(name, None)
        self.show_message(f"Removed the token {name!r}.")
        self.refresh_tokens()
        self.tokens_changed.emit()

    def show_message(self, text: str, *, error: bool = False) -> None:
        show_message(self.message, text, error=error)

    # -- the rest --------------------------------------------------------------------

    def api_url(self) -> str:
        return self.api_url_edit.text().strip().rstrip("/") or DEFAULT_API_URL

    def slots(self) -> int:
        """Analyses at once; 0 means automatic."""
        return self.slots_spin.value()

    def user_name(self) -> str:
        return self.user_name_edit.text().strip() or account_name()

    def accept(self) -> None:
        problem = check_api_url(self.api_url())
        if problem is not None:
            self.show_message(problem, error=True)
            self.api_url_edit.setFocus()
            return
        try:
            self.smtp_box.store_password()
        except KnownError as error:
            self.show_message(str(error), error=True)
            return
        super().accept()

    def save(self, settings: QSettings) -> None:
        settings.setValue(API_URL_KEY, self.api_url())
        settings.setValue(SLOTS_KEY, self.slots())
        self.smtp_box.save(settings)
        settings.setValue(USER_NAME_KEY, self.user_name())
        settings.sync()
