"""Messages to candidates: the kinds, the templates and their fields, and the rule that
nobody who asked not to be contacted is (docs/architecture.md, "Secrets and personal
data").

A template is text with ``{field}`` places. Only the fields of :data:`FIELDS` exist; a
template naming another is refused in one sentence before anything is sent, and so is a
message that would go out with a field left empty. Pure: no I/O.
"""

import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from recruitdesk.errors import RefusedError, ValidationError
from recruitdesk.resources import load_json


class MessageKind(StrEnum):
    FIRST_CONTACT = "first_contact"
    FOLLOW_UP = "follow_up"
    INTERVIEW_INVITATION = "interview_invitation"
    REJECTION = "rejection"
    SOURCING_NOTICE = "sourcing_notice"
    REVIEW_EXERCISE = "review_exercise"


class Channel(StrEnum):
    """How a message left (or came in): the system mail client, a saved ``.eml``, SMTP,
    or written down by hand (a reply, a call)."""

    MAILTO = "mailto"
    EML = "eml"
    SMTP = "smtp"
    MANUAL = "manual"


class Direction(StrEnum):
    OUT = "out"
    IN = "in"


#: The fields a template may use, with what each holds.
FIELDS: Mapping[str, str] = {
    "name": "the candidate's name",
    "position": "the position's title",
    "company": "the hiring company",
    "evidence": "one piece of the candidate's verified evidence the recruiter picked",
    "reason": "why a candidate is not taken further (rejections)",
    "sender": "the recruiter's name",
    "exercise": "the review exercise's instructions (with its code when sent inline)",
}

#: Days after a message without a reply before the next step of its sequence is due.
DEFAULT_FOLLOW_UP_DAYS = 7
#: What follows each kind in a sequence (nothing follows a follow-up: one is enough).
NEXT_STEP: Mapping[MessageKind, MessageKind] = {
    MessageKind.FIRST_CONTACT: MessageKind.FOLLOW_UP,
}


@dataclass(frozen=True, slots=True)
class Template:
    id: str
    kind: MessageKind
    title: str
    subject: str
    body: str

    def fields(self) -> list[str]:
        """The fields the subject and body name, in order of first use."""
        return fields_of(self.subject + "\n" + self.body)


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    body: str


def fields_of(text: str) -> list[str]:
    """The ``{field}`` names of ``text``; a stray brace is refused as a problem."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as error:
        raise ValidationError({"template": f"has an unmatched brace ({error})."}) from None
    names: list[str] = []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            raise ValidationError({"template": f"'{{{name}}}' is not a plain field name."})
        if name not in names:
            names.append(name)
    return names


def check_template(template: Template) -> None:
    """Refuse a template that names a field that does not exist."""
    unknown = [name for name in template.fields() if name not in FIELDS]
    if unknown:
        known = ", ".join(f"{{{name}}}" for name in FIELDS)
        field = f"{{{unknown[0]}}}"
        why = f"'{template.title}' uses the unknown field {field}; the fields are {known}."
        raise ValidationError({"template": why})


def render(template: Template, values: Mapping[str, str]) -> Rendered:
    """The message with every field filled; an unknown or empty field is refused."""
    check_template(template)
    empty = [name for name in template.fields() if not values.get(name, "").strip()]
    if empty:
        raise ValidationError(
            {name: f"is empty, and '{template.title}' needs it ({FIELDS[name]})." for name in empty}
        )
    filled = {name: values[name].strip() for name in template.fields()}
    return Rendered(template.subject.format(**filled), template.body.format(**filled))


def ensure_contactable(name: str, do_not_contact: bool, reason: str | None) -> None:
    """Refuse any message to someone who asked not to be contacted."""
    if do_not_contact:
        why = f" ({reason})" if reason else ""
        raise RefusedError(f"{name} asked not to be contacted{why}; nothing was sent.")


def follow_up_due(sent_at: datetime, days: int = DEFAULT_FOLLOW_UP_DAYS) -> datetime:
    return sent_at + timedelta(days=days)


def parse_templates(data: Any) -> tuple[Template, ...]:
    """The templates of a templates file (``resources/outreach_templates.json``), each
    checked."""
    templates = tuple(
        Template(
            id=str(item["id"]),
            kind=MessageKind(item["kind"]),
            title=str(item["title"]),
            subject=str(item["subject"]),
            body=str(item["body"]),
        )
        for item in data["templates"]
    )
    for template in templates:
        check_template(template)
    return templates


def shipped_templates() -> tuple[Template, ...]:
    """The templates that ship with the app (``resources/outreach_templates.json``)."""
    return parse_templates(load_json("outreach_templates.json"))
