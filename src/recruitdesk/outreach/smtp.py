"""Sending by SMTP, with the password kept in the system's keyring only.

Every failure of the server or the network is one sentence (:class:`SendError`); the
password never appears in it, nor in the log.
"""

import contextlib
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from enum import StrEnum

import keyring
import keyring.errors

from recruitdesk.errors import KnownError
from recruitdesk.tokens import KeyringUnavailableError, unusable_reason

SERVICE = "recruitdesk-smtp"
#: Seconds to wait for the server at each step.
TIMEOUT = 20.0


class Security(StrEnum):
    STARTTLS = "starttls"
    SSL = "ssl"
    #: Only for a server on this machine (a relay, or the tests' server).
    NONE = "none"


class SendError(KnownError):
    """The message did not leave: the server refused it or could not be reached."""


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int
    username: str
    security: Security = Security.STARTTLS

    @property
    def key(self) -> str:
        """The keyring entry of this account's password."""
        return f"{self.username}@{self.host}:{self.port}"


def _keyring() -> None:
    reason = unusable_reason()
    if reason is not None:
        raise KeyringUnavailableError(f"The SMTP password cannot be kept: {reason}.")


def store_password(settings: SmtpSettings, password: str) -> None:
    _keyring()
    keyring.set_password(SERVICE, settings.key, password)


def stored_password(settings: SmtpSettings) -> str | None:
    _keyring()
    return keyring.get_password(SERVICE, settings.key)


def forget_password(settings: SmtpSettings) -> None:
    _keyring()
    with contextlib.suppress(keyring.errors.PasswordDeleteError):
        keyring.delete_password(SERVICE, settings.key)


def send(settings: SmtpSettings, email: EmailMessage) -> None:
    """Send ``email`` through the account of ``settings``; all or nothing."""
    password = stored_password(settings) if settings.username else None
    if settings.username and password is None:
        raise SendError(
            f"No SMTP password is stored for {settings.key}; enter it in Settings first."
        )
    where = f"{settings.host}:{settings.port}"
    try:
        if settings.security is Security.SSL:
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=TIMEOUT, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT)
        with client:
            if settings.security is Security.STARTTLS:
                client.starttls(context=ssl.create_default_context())
            if settings.username and password is not None:
                client.login(settings.username, password)
            client.send_message(email)
    except smtplib.SMTPAuthenticationError:
        raise SendError(
            f"The mail server {where} refused the user name or password; nothing was sent."
        ) from None
    except smtplib.SMTPRecipientsRefused as error:
        refused = ", ".join(error.recipients)
        raise SendError(f"The mail server {where} refused the address {refused}.") from None
    except smtplib.SMTPResponseException as error:
        reply = error.smtp_error
        text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
        raise SendError(
            f"The mail server {where} refused the message ({error.smtp_code} {text}); "
            "nothing was sent."
        ) from None
    except (OSError, smtplib.SMTPException) as error:
        # smtplib reports a reply that never came as a disconnection caused by a timeout.
        if isinstance(error, TimeoutError) or isinstance(error.__context__, TimeoutError):
            raise SendError(
                f"The mail server {where} did not answer within {TIMEOUT:g} s; nothing was sent."
            ) from None
        raise SendError(
            f"The mail server {where} could not be reached ({error}); nothing was sent."
        ) from None
