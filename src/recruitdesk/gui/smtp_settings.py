"""The outgoing-mail settings: who the recruiter is (name and address) and the SMTP
account. Host, port, user and security live in ``QSettings``; the password only in the
system keyring (``outreach/smtp.store_password``; docs/architecture.md, "Secrets and
personal data")."""

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLineEdit, QSpinBox, QWidget

from recruitdesk.errors import KnownError
from recruitdesk.outreach import smtp
from recruitdesk.outreach.send import Sender

HOST_KEY = "smtp/host"
PORT_KEY = "smtp/port"
USER_KEY = "smtp/user"
SECURITY_KEY = "smtp/security"
SENDER_NAME_KEY = "outreach/sender_name"
SENDER_EMAIL_KEY = "outreach/sender_email"
DEFAULT_PORT = 587
SECURITY_TITLES = {
    smtp.Security.STARTTLS: "STARTTLS (port 587)",
    smtp.Security.SSL: "SSL/TLS (port 465)",
    smtp.Security.NONE: "None (a relay on this machine only)",
}


def _text(settings: QSettings, key: str) -> str:
    value = settings.value(key, "")
    return str(value).strip() if value else ""


def saved_smtp(settings: QSettings) -> smtp.SmtpSettings | None:
    """The SMTP account as saved, or ``None`` when no host is set."""
    host = _text(settings, HOST_KEY)
    if not host:
        return None
    try:
        port = int(_text(settings, PORT_KEY) or DEFAULT_PORT)
    except ValueError:
        port = DEFAULT_PORT
    try:
        security = smtp.Security(_text(settings, SECURITY_KEY) or smtp.Security.STARTTLS)
    except ValueError:
        security = smtp.Security.STARTTLS
    return smtp.SmtpSettings(host, port, _text(settings, USER_KEY), security)


def saved_sender(settings: QSettings) -> Sender:
    """The recruiter as saved; an empty name is left empty, so a message is not signed
    with a placeholder."""
    return Sender(_text(settings, SENDER_NAME_KEY), _text(settings, SENDER_EMAIL_KEY))


class SmtpBox(QGroupBox):
    """The sender and the SMTP account, with a password field that goes to the keyring."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__("Outgoing mail", parent)
        self.setObjectName("smtpBox")
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        sender = saved_sender(settings)
        account = saved_smtp(settings)
        self.sender_name = QLineEdit(sender.name)
        self.sender_name.setObjectName("senderName")
        self.sender_name.setPlaceholderText("The name messages are signed with")
        self.sender_email = QLineEdit(sender.email)
        self.sender_email.setObjectName("senderEmail")
        self.sender_email.setPlaceholderText("you@agency.example")
        self.host = QLineEdit(account.host if account else "")
        self.host.setObjectName("smtpHost")
        self.host.setPlaceholderText("smtp.example.com (empty: no sending by SMTP)")
        self.port = QSpinBox()
        self.port.setObjectName("smtpPort")
        self.port.setRange(1, 65535)
        self.port.setValue(account.port if account else DEFAULT_PORT)
        self.user = QLineEdit(account.username if account else "")
        self.user.setObjectName("smtpUser")
        self.security = QComboBox()
        self.security.setObjectName("smtpSecurity")
        for value, title in SECURITY_TITLES.items():
            self.security.addItem(title, value.value)
        if account is not None:
            self.security.setCurrentIndex(self.security.findData(account.security.value))
        self.password = QLineEdit()
        self.password.setObjectName("smtpPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("kept in the system keyring; empty: unchanged")
        form.addRow("Your name", self.sender_name)
        form.addRow("Your e-mail", self.sender_email)
        form.addRow("SMTP server", self.host)
        form.addRow("Port", self.port)
        form.addRow("Security", self.security)
        form.addRow("User", self.user)
        form.addRow("Password", self.password)

    def account(self) -> smtp.SmtpSettings | None:
        host = self.host.text().strip()
        if not host:
            return None
        security = smtp.Security(str(self.security.currentData()))
        return smtp.SmtpSettings(host, self.port.value(), self.user.text().strip(), security)

    def store_password(self) -> None:
        """Put a typed password in the keyring (a :class:`KnownError` says why it could
        not be); the field is cleared either way."""
        password = self.password.text()
        self.password.clear()
        account = self.account()
        if not password:
            return
        if account is None or not account.username:
            raise KnownError("Enter the SMTP server and user before the password.")
        smtp.store_password(account, password)

    def save(self, settings: QSettings) -> None:
        settings.setValue(SENDER_NAME_KEY, self.sender_name.text().strip())
        settings.setValue(SENDER_EMAIL_KEY, self.sender_email.text().strip())
        account = self.account()
        settings.setValue(HOST_KEY, account.host if account else "")
        settings.setValue(PORT_KEY, self.port.value())
        settings.setValue(USER_KEY, self.user.text().strip())
        settings.setValue(SECURITY_KEY, str(self.security.currentData()))
