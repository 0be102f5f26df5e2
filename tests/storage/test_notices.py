"""The sourcing notices owed (GDPR Art. 14): every sourced person until the "sourcing
notice" is sent to them, overdue past their inform-by date; the notice sent through
the shipped template clears it, and a bundle carries the clearing."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests import templates

from recruitdesk.domain.outreach import Channel, MessageKind, shipped_templates
from recruitdesk.domain.sourced import Found, Profile
from recruitdesk.outreach.send import Sender, send_message
from recruitdesk.storage.database import Database
from recruitdesk.storage.notices import count_notices_due, notices_due
from recruitdesk.storage.outreach import timeline
from recruitdesk.storage.positions import create_position
from recruitdesk.storage.sourcing import source_people
from recruitdesk.transfer.formats import export, import_file

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _found(login: str, email: str | None) -> Found:
    profile = Profile(login, login.title(), None, None, None, None, email, None, 0, 0, None)
    return Found(profile, "contributor to acme/tool, 3 commits")


def test_notices_are_owed_until_sent_and_the_late_flagged(
    database: Database, tmp_path: Path
) -> None:
    position, _ = create_position(database, {"title": "Backend", "company": "Acme"})
    outcome = source_people(
        database,
        [_found("ola", "ola@example.com"), _found("per", None)],
        position_id=position,
        key=None,
        now=NOW,
    )
    ola, _per = outcome.queued
    today = NOW.date()
    assert count_notices_due(database, today).describe() == "2 sourcing notices due"
    late = today + timedelta(days=31)
    assert count_notices_due(database, late).describe() == "2 sourcing notices due · 2 overdue"
    owed = notices_due(database)
    assert [n.name for n in owed] == ["Ola", "Per"]
    assert owed[0].days_left(today) == 30
    assert owed[0].overdue(late)
    export(database, tmp_path / "before.zip", format="bundle")
    notice = next(t for t in shipped_templates() if t.kind is MessageKind.SOURCING_NOTICE)
    send_message(
        database,
        ola,
        notice,
        {"company": "Acme", "position": "Backend", "evidence": "your work on acme/tool"},
        sender=Sender("Rita Recruiter", "rita@example.com"),
        channel=Channel.EML,
        eml_path=tmp_path / "notice.eml",
    )
    assert [m.kind for m in timeline(database, ola)] == [MessageKind.SOURCING_NOTICE]
    assert [n.name for n in notices_due(database)] == ["Per"]
    assert count_notices_due(database, late).describe() == "1 sourcing notice due · 1 overdue"
    # Another laptop that still owes Ola the notice learns it was sent.
    export(database, tmp_path / "after.zip", format="bundle")
    with templates.open_empty(tmp_path / "other.sqlite") as other:
        import_file(other, tmp_path / "before.zip")
        assert len(notices_due(other)) == 2
        import_file(other, tmp_path / "after.zip")
        assert [n.name for n in notices_due(other)] == ["Per"]
