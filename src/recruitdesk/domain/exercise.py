"""The review exercise: short programs with planted problems, their rubrics, and the
suggestions the app derives from a candidate's written review for the recruiter to
confirm (docs/architecture.md, "The review exercise").

The guide's idea (the rates-and-vetting guide): a candidate reviews about fifty lines
hiding three or four genuine problems, and what counts is whether they find each one
and explain why it matters. The exercises and their rubrics are data
(``resources/exercises/``); this module reads them and holds the suggestion rule. Pure:
no I/O beyond reading the shipped files.

The rule reads a review as comments (paragraphs and list items). A comment is about a
planted problem when it names it in words the rubric lists (its ``signals``), or points
at the problem's lines and gives one of its reasons; a sentence that dismisses the
thing ("the default argument is fine") does not count. A found problem is explained
when the same comment gives a reason the rubric lists, or argues in a full sentence of
cause and effect. The recruiter confirms or overrides every suggestion.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import Any

from recruitdesk.resources import load_json, resource_path

#: Words that make a comment an argument (why), not a bare label (what).
CAUSAL = (
    "because",
    "since",
    "so that",
    "which means",
    "this means",
    "that means",
    "otherwise",
    "leads to",
    "lead to",
    "results in",
    "causes",
    "risk",
    ", so",
    "as a result",
)
#: Fewest words of a comment whose causal wording alone counts as an explanation.
CAUSAL_MIN_WORDS = 10
#: Wording that says a thing is not a problem.
DISMISSALS = (
    "is fine",
    "are fine",
    "looks fine",
    "look fine",
    "looks good",
    "look good",
    "is ok",
    "is okay",
    "not a problem",
    "not an issue",
    "no issue",
    "no problem",
    "nothing wrong",
    "don't see",
    "do not see",
    "no need",
    "not needed",
    "isn't needed",
)


@dataclass(frozen=True, slots=True)
class PlantedProblem:
    id: str
    title: str
    #: Inclusive line ranges; ``()`` for a problem of the whole file (no tests).
    lines: tuple[tuple[int, int], ...]
    signals: tuple[str, ...]
    why: tuple[str, ...]
    good_review: str

    def covers(self, line: int) -> bool:
        return any(low <= line <= high for low, high in self.lines)

    def where(self) -> str:
        if not self.lines:
            return "the whole file"
        spans = [str(low) if low == high else f"{low}-{high}" for low, high in self.lines]
        return ("line " if len(spans) == 1 and "-" not in spans[0] else "lines ") + ", ".join(spans)


@dataclass(frozen=True, slots=True)
class Exercise:
    id: str
    track: str
    title: str
    file: str
    instructions: str
    problems: tuple[PlantedProblem, ...]

    def code(self) -> str:
        """The program the candidate reviews."""
        return resource_path(f"exercises/{self.id}/{self.file}").read_text(encoding="utf-8")

    def problem(self, problem_id: str) -> PlantedProblem:
        for problem in self.problems:
            if problem.id == problem_id:
                return problem
        raise KeyError(problem_id)


@dataclass(frozen=True, slots=True)
class Suggestion:
    """What the app reads in a review about one planted problem."""

    problem_id: str
    found: bool
    explained: bool
    #: The comment it rests on, as the candidate wrote it ("" when not found).
    quote: str
    #: What matched, for the recruiter: "says 'mutable default'", "points at line 17".
    basis: str


@dataclass(frozen=True, slots=True)
class Grade:
    """The recruiter's confirmed verdict on one planted problem."""

    found: bool
    explained: bool

    @property
    def points(self) -> int:
        return int(self.found) + int(self.found and self.explained)


def parse_exercise(data: Mapping[str, Any]) -> Exercise:
    problems = tuple(
        PlantedProblem(
            id=str(item["id"]),
            title=str(item["title"]),
            lines=tuple((int(low), int(high)) for low, high in item.get("lines") or ()),
            signals=tuple(str(s).lower() for s in item["signals"]),
            why=tuple(str(s).lower() for s in item["why"]),
            good_review=str(item["good_review"]),
        )
        for item in data["problems"]
    )
    if not 3 <= len(problems) <= 4:
        raise ValueError(f"exercise {data['id']} plants {len(problems)} problems, not 3 or 4")
    return Exercise(
        id=str(data["id"]),
        track=str(data["track"]),
        title=str(data["title"]),
        file=str(data["file"]),
        instructions=str(data["instructions"]),
        problems=problems,
    )


@cache
def shipped_exercises() -> tuple[Exercise, ...]:
    """The exercises of ``resources/exercises/``, in the index's order."""
    index = load_json("exercises/index.json")
    return tuple(
        parse_exercise(load_json(f"exercises/{name}/rubric.json")) for name in index["exercises"]
    )


def exercise_by_id(exercise_id: str) -> Exercise:
    for exercise in shipped_exercises():
        if exercise.id == exercise_id:
            return exercise
    raise KeyError(exercise_id)


_ITEM_START = re.compile(r"^\s*(?:[-*•]|\d+[.)]|\(\d+\))\s+", re.MULTILINE)
_LINE_REF = re.compile(
    r"\b(?:lines?|l\.?|ln)\s*(\d+)(?:\s*(?:-|\u2013|to|and|through)\s*(\d+))?|\.py:(\d+)",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
_NOT_A_PROBLEM = re.compile(
    r"\b(?:no|not an?|isn't an?|never an?)\s+[^.,;:!?]{0,30}?\b(?:problem|issue|concern|bug)s?\b"
)


def comments(review: str) -> list[str]:
    """The review cut into comments: paragraphs, and each list item on its own."""
    parts: list[str] = []
    for paragraph in re.split(r"\n\s*\n", review.replace("\r\n", "\n")):
        starts = [match.start() for match in _ITEM_START.finditer(paragraph)]
        if not starts or starts[0] != 0:
            starts = [0, *starts]
        bounds = [*starts, len(paragraph)]
        for begin, end in pairwise(bounds):
            text = " ".join(paragraph[begin:end].split())
            if text:
                parts.append(text)
    return parts


def _normal(text: str) -> str:
    return re.sub(r"\s*=\s*", "=", " ".join(text.lower().replace("\u2019", "'").split()))


@cache
def _pattern(term: str) -> re.Pattern[str]:
    """A rubric term as a pattern: whole words; ``*`` at the end takes any ending, and
    a plain word also matches its plural."""
    prefix = term.endswith("*")
    body = re.escape(term.rstrip("*")).replace(r"\ ", r"[\s_-]+")
    start = r"\b" if term[:1].isalnum() else ""
    if prefix:
        end = r"\w*"
    elif term[-1:].isalnum():
        end = r"(?:s|es)?\b"
    else:
        end = ""
    return re.compile(start + body + end)


def _first_term(text: str, terms: Sequence[str]) -> str | None:
    for term in terms:
        if _pattern(term).search(text):
            return term.rstrip("*")
    return None


def line_references(text: str) -> list[int]:
    """The line numbers a comment points at ("line 17", "lines 33-40", "L29", "x.py:21")."""
    found: list[int] = []
    for match in _LINE_REF.finditer(text):
        if match.group(3):
            found.append(int(match.group(3)))
            continue
        low = int(match.group(1))
        high = int(match.group(2)) if match.group(2) else low
        if high < low or high - low > 200:
            high = low
        found.extend(range(low, high + 1))
    return found


def _dismissed(sentence: str) -> bool:
    """Whether a sentence says a thing is not a problem ("the default is fine", "no N+1
    issue here"); "no tests" and "no error handling" are findings, not dismissals."""
    return any(phrase in sentence for phrase in DISMISSALS) or bool(_NOT_A_PROBLEM.search(sentence))


def _explained(text: str, problem: PlantedProblem) -> str | None:
    reason = _first_term(text, problem.why)
    if reason is not None:
        return f"gives the reason '{reason}'"
    if len(text.split()) >= CAUSAL_MIN_WORDS:
        causal = _first_term(text, CAUSAL)
        if causal is not None:
            return f"argues ('{causal}')"
    return None


def _reading(
    sentences: Sequence[str], index: int, problem: PlantedProblem
) -> tuple[str, bool] | None:
    """What the sentence at ``index`` says of the problem ("says 'n+1' and gives the
    reason 'slow'") and whether it explains it, or ``None``. Its explanation is sought in
    it and its neighbours, not the whole comment: a paragraph may argue one point, then
    merely name the next."""
    sentence = sentences[index]
    if _dismissed(sentence):
        return None
    why = _explained(" ".join(sentences[max(0, index - 1) : index + 2]), problem)
    term = _first_term(sentence, problem.signals)
    if term is not None:
        basis = f"says '{term}'"
    else:
        lines = [line for line in line_references(sentence) if problem.covers(line)]
        if not lines or why is None:
            return None
        basis = f"points at line {lines[0]}"
    return (basis, False) if why is None else (f"{basis} and {why}", True)


def suggest_one(problem: PlantedProblem, review: str) -> Suggestion:
    """The suggestion for one planted problem: the first comment that finds and explains
    it, else the first that finds it."""
    best: Suggestion | None = None
    for comment in comments(review):
        sentences = [_normal(part) for part in _SENTENCE_END.split(comment)]
        for index in range(len(sentences)):
            reading = _reading(sentences, index, problem)
            if reading is None:
                continue
            basis, explained = reading
            candidate = Suggestion(problem.id, True, explained, comment, basis)
            if candidate.explained:
                return candidate
            best = best or candidate
    return best or Suggestion(problem.id, False, False, "", "not mentioned")


def suggest(exercise: Exercise, review: str) -> list[Suggestion]:
    """A suggestion per planted problem, in the rubric's order."""
    return [suggest_one(problem, review) for problem in exercise.problems]


def total_points(grades: Mapping[str, Grade]) -> int:
    return sum(grade.points for grade in grades.values())


def max_points(exercise: Exercise) -> int:
    """Two points a problem: one for finding it, one for explaining why it matters."""
    return 2 * len(exercise.problems)
