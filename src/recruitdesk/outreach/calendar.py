"""An interview as an iCalendar invitation (RFC 5545), written with the maintained
``icalendar`` library: the start in the organiser's time zone with that zone's rules
inside the file, so every calendar shows it at the right hour."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from recruitdesk import __version__
from recruitdesk.atomic_files import atomic_write_bytes
from recruitdesk.domain.interview_schedule import end_of
from recruitdesk.storage.interviews import InterviewView

KIND_TITLES = {
    "screening": "Screening call",
    "technical": "Technical interview",
    "code_review": "Code review interview",
    "system_design": "System design interview",
    "final": "Final interview",
}


def invitation(
    interview: InterviewView, organiser: str, organiser_email: str, now: datetime
) -> bytes:
    """The ``.ics`` bytes of one interview's invitation."""
    # Here, not at the top: the interview dialog's module is part of the window's start.
    import icalendar

    zone = ZoneInfo(interview.time_zone)
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//recruitdesk//recruitdesk {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = icalendar.Event()
    event.add("uid", f"{interview.uid}@recruitdesk")
    event.add("dtstamp", now)
    event.add("dtstart", interview.starts_at.astimezone(zone))
    event.add("dtend", end_of(interview.starts_at, interview.minutes).astimezone(zone))
    title = KIND_TITLES.get(interview.kind.value, "Interview")
    company = f" at {interview.company}" if interview.company else ""
    event.add("summary", f"{title}: {interview.position_title}{company}")
    lines = [f"{title} for the {interview.position_title} role{company}."]
    if interview.interviewers:
        lines.append("With " + ", ".join(interview.interviewers) + ".")
    event.add("description", "\n".join(lines))
    if interview.place:
        event.add("location", interview.place)
    organizer = icalendar.vCalAddress(f"mailto:{organiser_email}")
    organizer.params["cn"] = icalendar.vText(organiser)
    event.add("organizer", organizer)
    if interview.candidate_email:
        attendee = icalendar.vCalAddress(f"mailto:{interview.candidate_email}")
        attendee.params["cn"] = icalendar.vText(interview.candidate_name)
        attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
        event.add("attendee", attendee)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def write_invitation(path: Path, data: bytes) -> Path:
    atomic_write_bytes(path, data)
    return path
