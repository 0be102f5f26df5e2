"""Candidates, their notes, scorecards, stage timeline and latest analysis: reads and
writes that return plain values (never ORM objects) and a :class:`Changes` per write.

Every write that edits a candidate field stamps ``field_times[field]`` with the time of
the edit (ISO 8601, UTC), so bundles can later merge candidates field by field.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, String, and_, cast, delete, func, select, true

from recruitdesk.domain.interview import (
    SCORECARD_KIND,
    ScorecardAnswers,
    ScorecardError,
    answers_to_ratings,
    ratings_to_answers,
)
from recruitdesk.domain.salary import check_amount
from recruitdesk.domain.taxonomy import Employment, Level, PayPeriod, Region, Track
from recruitdesk.domain.validation import (
    email_problem,
    github_login_problem,
    normalise_github_login,
    url_problem,
)
from recruitdesk.errors import KnownError
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models import (
    Analysis,
    Application,
    Candidate,
    Note,
    Position,
    Scorecard,
    StageChange,
)
from recruitdesk.storage.textmatch import every_word


class ValidationError(KnownError):
    """Some fields were refused; ``problems`` maps each field to the reason."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        first = next(iter(self.problems.items()))
        more = len(self.problems) - 1
        suffix = f" (and {more} more)" if more else ""
        super().__init__(f"{first[0]}: {first[1]}{suffix}")


@dataclass(frozen=True, slots=True)
class CandidateDetails:
    id: int
    full_name: str
    email: str | None
    phone: str | None
    location: str | None
    region: str | None
    github_login: str | None
    links: tuple[str, ...]
    track: str | None
    level: str | None
    years_experience: int | None
    employment: str | None
    ask_amount: int | None
    ask_currency: str | None
    ask_period: str | None
    notice_weeks: int | None
    source: str | None
    skills: tuple[str, ...]
    tags: tuple[str, ...]
    consent_until: date | None
    created_at: datetime
    updated_at: datetime


#: The fields :func:`update_candidate` and :func:`create_candidate` accept.
EDITABLE_FIELDS = frozenset(
    f.name for f in fields(CandidateDetails) if f.name not in {"id", "created_at", "updated_at"}
)
_LIST_FIELDS = frozenset({"links", "skills", "tags"})
_TEXT_LIMITS = {"full_name": 200, "phone": 50, "location": 200, "source": 100}
_CHOICES: dict[str, frozenset[str]] = {
    "region": frozenset(Region),
    "track": frozenset(Track),
    "level": frozenset(Level),
    "employment": frozenset(Employment),
    "ask_period": frozenset(PayPeriod),
}
_RANGES = {"years_experience": (0, 70), "ask_amount": (0, 100_000_000), "notice_weeks": (0, 52)}


def _details(candidate: Candidate) -> CandidateDetails:
    return CandidateDetails(
        id=candidate.id,
        full_name=candidate.full_name,
        email=candidate.email,
        phone=candidate.phone,
        location=candidate.location,
        region=candidate.region,
        github_login=candidate.github_login,
        links=tuple(candidate.links or ()),
        track=candidate.track,
        level=candidate.level,
        years_experience=candidate.years_experience,
        employment=candidate.employment,
        ask_amount=candidate.ask_amount,
        ask_currency=candidate.ask_currency,
        ask_period=candidate.ask_period,
        notice_weeks=candidate.notice_weeks,
        source=candidate.source,
        skills=tuple(candidate.skills or ()),
        tags=tuple(candidate.tags or ()),
        consent_until=candidate.consent_until,
        created_at=candidate.created_at,
        updated_at=candidate.updated_at,
    )


def _clean_list(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    seen: dict[str, None] = {}
    for item in value or ():
        text = str(item).strip()
        if text and text.lower() not in {key.lower() for key in seen}:
            seen[text] = None
    return list(seen)


def clean_fields(values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Normalise what a form sends and check it: ``(clean values, problems)``.

    Text is stripped and empty text becomes ``None``; lists come as lists or comma
    separated text. Problems map a field to one sentence.
    """
    clean: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for name, raw in values.items():
        if name not in EDITABLE_FIELDS:
            problems[name] = "This field cannot be edited."
            continue
        value: Any = raw
        if name in _LIST_FIELDS:
            value = _clean_list(raw)
        elif isinstance(raw, str):
            value = raw.strip() or None
        if name == "github_login" and value:
            value = normalise_github_login(value) or None
        if name == "ask_currency" and value:
            value = value.upper()
        clean[name] = value
        problem = _problem(name, value)
        if problem:
            problems[name] = problem
    _check_ask(clean, problems)
    return clean, problems


def _check_ask(clean: Mapping[str, Any], problems: dict[str, str]) -> None:
    """Refuse a negative or absurd ask for its period (an hourly ask of 150,000 is a
    typo for an annual one)."""
    amount = clean.get("ask_amount")
    if amount is None or "ask_amount" in problems:
        return
    period = clean.get("ask_period") or PayPeriod.YEAR.value
    if period not in {p.value for p in PayPeriod}:
        return  # the period's own problem is reported
    try:
        check_amount(int(amount), period, "The ask")
    except KnownError as error:
        problems["ask_amount"] = str(error)


def _problem(name: str, value: Any) -> str | None:
    if name == "full_name" and not value:
        return "A candidate needs a name."
    if value is None:
        return None
    if name in _TEXT_LIMITS and len(value) > _TEXT_LIMITS[name]:
        return f"At most {_TEXT_LIMITS[name]} characters."
    if name == "email":
        return email_problem(value)
    if name == "github_login":
        return github_login_problem(value)
    if name == "links":
        for link in value:
            problem = url_problem(link)
            if problem:
                return f"{link}: {problem}"
        return None
    if name in _CHOICES and value not in _CHOICES[name]:
        return f"{value!r} is not one of: {', '.join(sorted(_CHOICES[name]))}."
    if name in _RANGES:
        if isinstance(value, str):
            try:
                value = int(value)
            except ValueError:
                return "A whole number is expected."
        low, high = _RANGES[name]
        if not isinstance(value, int) or not low <= value <= high:
            return f"A whole number from {low} to {high} is expected."
    if name == "ask_currency" and (len(value) != 3 or not value.isalpha()):
        return "A currency is a three-letter code such as EUR or USD."
    if name == "consent_until" and not isinstance(value, date):
        return "A date is expected."
    return None


def _coerce_numbers(clean: dict[str, Any]) -> None:
    for name in _RANGES:
        if isinstance(clean.get(name), str):
            clean[name] = int(clean[name])


def _check_unique(
    session: Any, clean: Mapping[str, Any], candidate_id: int | None
) -> dict[str, str]:
    problems: dict[str, str] = {}
    for name, column, what in (
        ("email", Candidate.email, "e-mail address"),
        ("github_login", Candidate.github_login, "GitHub login"),
    ):
        value = clean.get(name)
        if not value:
            continue
        other = session.execute(
            select(Candidate.id, Candidate.full_name).where(
                func.lower(column) == value.lower(), Candidate.id != (candidate_id or -1)
            )
        ).first()
        if other is not None:
            problems[name] = f"{other[1]} (candidate {other[0]}) already has this {what}."
    return problems


def get_candidate(database: Database, candidate_id: int) -> CandidateDetails:
    with database.read() as session:
        candidate = session.get(Candidate, candidate_id)
        if candidate is None:
            raise KnownError(f"There is no candidate with id {candidate_id}.")
        return _details(candidate)


def update_candidate(
    database: Database,
    candidate_id: int,
    values: Mapping[str, Any],
    *,
    now: datetime | None = None,
) -> Changes:
    """Change the fields in ``values``; refuses all of them with :class:`ValidationError`
    if any is invalid. Only fields whose value really changes are written and stamped."""
    now = now or datetime.now(UTC)
    clean, problems = clean_fields(values)
    if problems:
        raise ValidationError(problems)
    _coerce_numbers(clean)
    with database.write() as session:
        candidate = session.get(Candidate, candidate_id)
        if candidate is None:
            raise KnownError(f"There is no candidate with id {candidate_id}.")
        problems = _check_unique(session, clean, candidate_id)
        if "ask_amount" in clean or "ask_period" in clean:
            # The ask and its period are checked together, as they will be stored.
            _check_ask(
                {
                    "ask_amount": clean.get("ask_amount", candidate.ask_amount),
                    "ask_period": clean.get("ask_period", candidate.ask_period),
                },
                problems,
            )
        if problems:
            raise ValidationError(problems)
        changed = candidate.apply_edits(clean, now)
    return Changes(candidates=frozenset({candidate_id})) if changed else Changes()


def create_candidate(
    database: Database, values: Mapping[str, Any], *, now: datetime | None = None
) -> tuple[int, Changes]:
    """A new candidate from ``values`` (``full_name`` at least); returns its id."""
    now = now or datetime.now(UTC)
    clean, problems = clean_fields(values)
    if "full_name" not in clean:
        problems["full_name"] = "A candidate needs a name."
    if problems:
        raise ValidationError(problems)
    _coerce_numbers(clean)
    with database.write() as session:
        problems = _check_unique(session, clean, None)
        if problems:
            raise ValidationError(problems)
        candidate = Candidate(**clean)
        candidate.stamp(list(clean), now)
        candidate.created_at = candidate.updated_at = now
        session.add(candidate)
        session.flush()
        candidate_id = candidate.id
    return candidate_id, Changes(candidates=frozenset({candidate_id}))


# -- the Candidates view: a lazily read list ----------------------------------------------


@dataclass(frozen=True, slots=True)
class CandidateRow:
    """One row of the Candidates table."""

    id: int
    full_name: str
    email: str | None
    region: str | None
    track: str | None
    level: str | None
    years_experience: int | None
    ask_amount: int | None
    ask_currency: str | None
    ask_period: str | None
    github_login: str | None
    tags: tuple[str, ...]
    created_at: datetime


#: What the candidates list can be sorted by.
SORT_COLUMNS: dict[str, Any] = {
    "full_name": Candidate.full_name,
    "email": Candidate.email,
    "region": Candidate.region,
    "track": Candidate.track,
    "level": Candidate.level,
    "years_experience": Candidate.years_experience,
    "ask_amount": Candidate.ask_amount,
    "github_login": Candidate.github_login,
}


@dataclass(frozen=True, slots=True)
class CandidateQuery:
    """Which candidates the list shows, in what order: every word of ``text`` in the
    name, e-mail, GitHub login, location, skills or tags; sorted by a column of
    :data:`SORT_COLUMNS` (by id when ``sort`` is ``None``)."""

    text: str = ""
    sort: str | None = None
    descending: bool = False
    #: Only the candidates whose consent to keep their data ended before this day.
    lapsed_before: date | None = None

    def where(self) -> ColumnElement[bool]:
        words = self._words()
        if self.lapsed_before is None:
            return words
        return and_(words, Candidate.consent_until < self.lapsed_before)

    def _words(self) -> ColumnElement[bool]:
        clause = every_word(
            self.text,
            (
                Candidate.full_name,
                Candidate.email,
                Candidate.github_login,
                Candidate.location,
                cast(Candidate.skills, String),
                cast(Candidate.tags, String),
            ),
        )
        return clause if clause is not None else true()

    def order(self) -> list[Any]:
        if self.sort is None:
            return [Candidate.id.desc() if self.descending else Candidate.id]
        column = SORT_COLUMNS[self.sort]
        key = column.desc() if self.descending else column.asc()
        return [key.nulls_last(), Candidate.id]


def count_candidates(database: Database, query: CandidateQuery | None = None) -> int:
    """How many candidates the query finds (all of them without one)."""
    where = (query or CandidateQuery()).where()
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(Candidate).where(where)) or 0


def candidate_page(
    database: Database, query: CandidateQuery, *, offset: int = 0, limit: int = 200
) -> list[CandidateRow]:
    """One page of the list the query describes, filtered and sorted in SQL, so the
    view never needs every candidate in memory."""
    return _candidate_rows(database, query.where(), limit, query.order(), offset)


def _candidate_rows(
    database: Database,
    where: Any,
    limit: int,
    order: Sequence[Any] = (Candidate.id,),
    offset: int = 0,
) -> list[CandidateRow]:
    query = (
        select(
            Candidate.id,
            Candidate.full_name,
            Candidate.email,
            Candidate.region,
            Candidate.track,
            Candidate.level,
            Candidate.years_experience,
            Candidate.ask_amount,
            Candidate.ask_currency,
            Candidate.ask_period,
            Candidate.github_login,
            Candidate.tags,
            Candidate.created_at,
        )
        .where(where)
        .order_by(*order)
        .offset(offset)
        .limit(limit)
    )
    with database.read() as session:
        return [
            CandidateRow(
                id=row[0],
                full_name=row[1],
                email=row[2],
                region=row[3],
                track=row[4],
                level=row[5],
                years_experience=row[6],
                ask_amount=row[7],
                ask_currency=row[8],
                ask_period=row[9],
                github_login=row[10],
                tags=tuple(row[11] or ()),
                created_at=row[12],
            )
            for row in session.execute(query)
        ]


def read_candidate_rows(database: Database, ids: Sequence[int]) -> list[CandidateRow]:
    """The rows of these candidates (the ones that still exist), by id."""
    rows: list[CandidateRow] = []
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows.extend(_candidate_rows(database, Candidate.id.in_(chunk), len(chunk)))
    return rows


# -- notes --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NoteView:
    id: int
    candidate_id: int
    body: str
    private: bool
    author: str | None
    created_at: datetime
    updated_at: datetime


def list_notes(database: Database, candidate_id: int) -> list[NoteView]:
    """The candidate's notes, newest first."""
    with database.read() as session:
        notes = session.scalars(
            select(Note).where(Note.candidate_id == candidate_id).order_by(Note.created_at.desc())
        )
        return [
            NoteView(n.id, n.candidate_id, n.body, n.private, n.author, n.created_at, n.updated_at)
            for n in notes
        ]


def _check_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise ValidationError({"body": "A note cannot be empty."})
    return body


def add_note(
    database: Database,
    candidate_id: int,
    body: str,
    *,
    private: bool = False,
    author: str | None = None,
    now: datetime | None = None,
) -> tuple[int, Changes]:
    body = _check_body(body)
    now = now or datetime.now(UTC)
    with database.write() as session:
        if session.get(Candidate, candidate_id) is None:
            raise KnownError(f"There is no candidate with id {candidate_id}.")
        note = Note(
            candidate_id=candidate_id,
            body=body,
            private=private,
            author=author,
            created_at=now,
            updated_at=now,
        )
        session.add(note)
        session.flush()
        note_id = note.id
    return note_id, Changes(candidates=frozenset({candidate_id}))


def edit_note(
    database: Database,
    note_id: int,
    *,
    body: str | None = None,
    private: bool | None = None,
    now: datetime | None = None,
) -> Changes:
    now = now or datetime.now(UTC)
    with database.write() as session:
        note = session.get(Note, note_id)
        if note is None:
            raise KnownError(f"There is no note with id {note_id}.")
        if body is not None:
            note.body = _check_body(body)
        if private is not None:
            note.private = private
        note.updated_at = now
        candidate_id = note.candidate_id
    return Changes(candidates=frozenset({candidate_id}))


def delete_note(database: Database, note_id: int) -> Changes:
    with database.write() as session:
        candidate_id = session.scalar(select(Note.candidate_id).where(Note.id == note_id))
        if candidate_id is None:
            raise KnownError(f"There is no note with id {note_id}.")
        session.execute(delete(Note).where(Note.id == note_id))
    return Changes(candidates=frozenset({candidate_id}))


# -- applications and the stage timeline --------------------------------------------------


@dataclass(frozen=True, slots=True)
class ApplicationView:
    id: int
    position_id: int
    position_title: str
    company: str | None
    stage: str
    entered_stage_at: datetime
    rejection_reason: str | None


def list_applications(database: Database, candidate_id: int) -> list[ApplicationView]:
    with database.read() as session:
        rows = session.execute(
            select(
                Application.id,
                Application.position_id,
                Position.title,
                Position.company,
                Application.stage,
                Application.entered_stage_at,
                Application.rejection_reason,
            )
            .join(Position, Position.id == Application.position_id)
            .where(Application.candidate_id == candidate_id)
            .order_by(Application.created_at, Application.id)
        )
        return [ApplicationView(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    application_id: int
    position_title: str
    from_stage: str | None
    to_stage: str
    changed_at: datetime
    reason: str | None


def stage_timeline(database: Database, candidate_id: int) -> list[TimelineEntry]:
    """Every move of every card of the candidate, oldest first."""
    with database.read() as session:
        rows = session.execute(
            select(
                StageChange.application_id,
                Position.title,
                StageChange.from_stage,
                StageChange.to_stage,
                StageChange.changed_at,
                StageChange.reason,
            )
            .join(Application, Application.id == StageChange.application_id)
            .join(Position, Position.id == Application.position_id)
            .where(Application.candidate_id == candidate_id)
            .order_by(StageChange.changed_at, StageChange.id)
        )
        return [TimelineEntry(*row) for row in rows]


# -- scorecards ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScorecardView:
    id: int
    application_id: int
    answers: ScorecardAnswers
    interviewer: str | None
    interviewed_on: date | None
    updated_at: datetime


def list_scorecards(database: Database, application_id: int) -> list[ScorecardView]:
    """The interview-kit scorecards of one application, newest first."""
    with database.read() as session:
        cards = session.scalars(
            select(Scorecard)
            .where(Scorecard.application_id == application_id, Scorecard.kind == SCORECARD_KIND)
            .order_by(Scorecard.updated_at.desc(), Scorecard.id.desc())
        )
        return [
            ScorecardView(
                c.id,
                c.application_id,
                ratings_to_answers(c.ratings or {}, c.recommendation),
                c.interviewer,
                c.interviewed_on,
                c.updated_at,
            )
            for c in cards
        ]


def save_scorecard(
    database: Database,
    application_id: int,
    answers: ScorecardAnswers,
    *,
    scorecard_id: int | None = None,
    interviewer: str | None = None,
    interviewed_on: date | None = None,
    now: datetime | None = None,
) -> tuple[int, Changes]:
    """Create (or with ``scorecard_id`` replace) a scorecard of the interview kit."""
    now = now or datetime.now(UTC)
    try:
        ratings = answers_to_ratings(answers)
    except ScorecardError as error:
        raise KnownError(str(error)) from None
    recommendation = answers.recommendation.value if answers.recommendation else None
    with database.write() as session:
        candidate_id = session.scalar(
            select(Application.candidate_id).where(Application.id == application_id)
        )
        if candidate_id is None:
            raise KnownError(f"There is no application with id {application_id}.")
        if scorecard_id is None:
            card = Scorecard(application_id=application_id, kind=SCORECARD_KIND, created_at=now)
            session.add(card)
        else:
            found = session.get(Scorecard, scorecard_id)
            if found is None or found.application_id != application_id:
                raise KnownError(f"There is no scorecard with id {scorecard_id} on that card.")
            card = found
        card.ratings = ratings
        card.recommendation = recommendation
        card.interviewer = (interviewer or "").strip() or None
        card.interviewed_on = interviewed_on
        card.updated_at = now
        session.flush()
        saved = card.id
    return saved, Changes(
        candidates=frozenset({candidate_id}), applications=frozenset({application_id})
    )


# -- the latest analysis ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SkillEvidence:
    name: str
    confidence: float
    evidence: tuple[tuple[str, str, str], ...]  # (repo, path, why)


@dataclass(frozen=True, slots=True)
class RepositoryView:
    """One analysed repository: its stored columns plus the analysis JSON's other
    figures in ``metrics`` (``cc_mean``, ``mi_mean``, ``has_tests``, ...)."""

    name: str
    url: str | None
    fork: bool
    stars: int
    files: int
    sloc: int
    metrics: dict[str, Any]


@dataclass(frozen=True, slots=True)
class AnalysisView:
    id: int
    analyzed_at: datetime
    source: str
    login: str | None
    scores: dict[str, float]
    explanations: dict[str, tuple[str, ...]]
    skills: tuple[SkillEvidence, ...]
    red_flags: tuple[tuple[str, str], ...]  # (code, message)
    track: str | None = None
    path: str | None = None
    repositories: tuple[RepositoryView, ...] = ()


def latest_analysis(database: Database, candidate_id: int) -> AnalysisView | None:
    """The newest analysis of the candidate, or ``None`` if they were never analysed."""
    with database.read() as session:
        analysis = session.scalars(
            select(Analysis)
            .where(Analysis.candidate_id == candidate_id)
            .order_by(Analysis.analyzed_at.desc(), Analysis.id.desc())
            .limit(1)
        ).first()
        if analysis is None:
            return None
        return AnalysisView(
            id=analysis.id,
            analyzed_at=analysis.analyzed_at,
            source=analysis.source,
            login=analysis.login,
            scores={str(k): float(v) for k, v in (analysis.scores or {}).items()},
            explanations={
                str(k): tuple(str(line) for line in v)
                for k, v in (analysis.explanations or {}).items()
            },
            skills=tuple(
                SkillEvidence(
                    s.name,
                    s.confidence,
                    tuple(
                        (str(e.get("repo", "")), str(e.get("path", "")), str(e.get("why", "")))
                        for e in s.evidence or ()
                    ),
                )
                for s in sorted(analysis.skills, key=lambda s: -s.confidence)
            ),
            red_flags=tuple((f.code, f.message) for f in analysis.red_flags),
            track=analysis.track,
            path=analysis.path,
            repositories=tuple(
                RepositoryView(
                    r.name, r.url, r.fork, r.stars, r.files, r.sloc, dict(r.metrics or {})
                )
                for r in sorted(analysis.repositories, key=lambda r: (-r.sloc, r.name))
            ),
        )


def find_candidate_id(database: Database, reference: str) -> int:
    """The candidate an id, an e-mail or a GitHub login names (as the command line takes
    them), case-insensitively; a clear error when none does."""
    text = reference.strip()
    with database.read() as session:
        if text.isdigit():
            if session.get(Candidate, int(text)) is not None:
                return int(text)
            raise KnownError(f"There is no candidate with id {text}.")
        column = Candidate.email if "@" in text else Candidate.github_login
        found = list(
            session.scalars(select(Candidate.id).where(func.lower(column) == text.lower()))
        )
    if not found:
        what = "e-mail" if "@" in text else "GitHub login"
        raise KnownError(f"No candidate has the {what} {text!r}.")
    return found[0]
