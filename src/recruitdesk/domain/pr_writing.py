"""How a pull request is written, judged from its description alone.

Pull request descriptions show how a developer explains a change to people who must
accept it. Four things are looked for, each by its shape rather than one project's
template: the description says why (a motive, a problem, a consequence), links an
issue (``#123``, ``Fixes gh-12``, ``PROJ-88``, an issue's URL), says how the change was
tested (tests named, commands run, a manual check), and has a useful length (a
sentence or two at least, not a pasted log).

What a template leaves behind is not the author's writing: HTML comments, headings,
unticked checklist items ("- [ ] I added tests") and fenced logs are removed before
judging. Bodies are bounded (:data:`MAX_BODY_CHARS`) so a megabyte of text costs no
more than a long description.

Pure: no I/O, nothing of ours imported.
"""

import re
from dataclasses import dataclass

#: Characters of a body read at most; the rest is ignored.
MAX_BODY_CHARS = 20_000
#: Fewer words than this say too little to review against...
USEFUL_MIN_WORDS = 12
#: ...and more than this is a pasted log or a design document, not a description.
USEFUL_MAX_WORDS = 1_200
#: Points of each quality (they sum to 100).
WHY_POINTS = 35
ISSUE_POINTS = 15
TESTING_POINTS = 30
LENGTH_POINTS = 20
#: Characters of a quote at most.
QUOTE_CHARS = 160

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_FENCE = re.compile(r"^(```|~~~).*?(?:^\1|\Z)", re.S | re.M)
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,500}>")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s.*$", re.M)
_UNTICKED = re.compile(r"^\s*[-*+]\s*\[\s\].*$", re.M)
_IMAGE = re.compile(r"!\[[^\]]{0,300}\]\([^)]{0,2000}\)")
_LINK = re.compile(r"\[([^\]]{0,300})\]\([^)]{0,2000}\)")
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")

_ISSUE = re.compile(
    r"(?<![\w/&])(?:#|gh-|GH-|bpo-)\d+\b"  # #123, gh-123, bpo-123
    r"|https?://\S+/(?:issues|pull)/\d+"  # an issue's or another pull request's URL
    r"|\b[A-Z][A-Z0-9]{1,9}-\d+\b"  # a tracker key: PROJ-88
)
_WHY = re.compile(
    r"\b(?:because|since (?:the|it|we|this|there)|so that|in order to|otherwise|"
    r"motivation|the (?:problem|issue|bug|reason|goal|idea) (?:is|was|here)|"
    r"(?:this|which|that) (?:caused|causes|breaks|broke|led to|leads to|made|makes|meant)|"
    r"without (?:this|it)|currently|previously|at the moment|before this|"
    r"fix(?:es|ed)? (?:a|the|an) (?:bug|crash|regression|race|leak|error|problem)|"
    r"(?:fails|failed|crashes|crashed|raises|raised|hangs|hung) (?:when|if|on|with)|"
    r"instead of|rather than|why|avoids?|prevents?|to allow|allows? (?:us|users|callers)|"
    r"resulting in|wrong|incorrect(?:ly)?|broken)\b"
    r"|, so (?!far\b)",  # a consequence: "..., so rows landed a day early"
    re.I,
)
_TESTING = re.compile(
    r"\b(?:tests?|tested|testing|pytest|unittest|tox|nox|doctests?|"
    r"test suite|benchmark(?:ed|s)?|reproduc(?:e|ed|es|ing)|verified|checked (?:that|it|by)|"
    r"tried (?:it|this)|manually|\bran\b|running|CI (?:is|passes|green))\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Writing:
    """The four qualities of one description, and its length in words once the
    template's leftovers are gone."""

    says_why: bool = False
    links_issue: bool = False
    describes_testing: bool = False
    words: int = 0

    @property
    def useful_length(self) -> bool:
        return USEFUL_MIN_WORDS <= self.words <= USEFUL_MAX_WORDS

    @property
    def points(self) -> int:
        """0..100: the sum of the qualities' points."""
        return (
            WHY_POINTS * self.says_why
            + ISSUE_POINTS * self.links_issue
            + TESTING_POINTS * self.describes_testing
            + LENGTH_POINTS * self.useful_length
        )

    def qualities(self) -> list[str]:
        """What it does, in words (for an explanation)."""
        return [
            name
            for name, present in (
                ("says why", self.says_why),
                ("links an issue", self.links_issue),
                ("says how it was tested", self.describes_testing),
                ("has a useful length", self.useful_length),
            )
            if present
        ]


def authored_text(body: str | None) -> str:
    """The author's own words: bounded, without the template's comments, headings and
    unticked items, links reduced to their text, whitespace collapsed."""
    text = (body or "")[:MAX_BODY_CHARS].replace("\r\n", "\n")
    text = _COMMENT.sub(" ", text)
    text = _FENCE.sub(" ", text)
    text = _UNTICKED.sub(" ", text)
    text = _HEADING.sub(" ", text)
    text = _IMAGE.sub(" ", text)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


def judge_writing(body: str | None) -> Writing:
    """How the description ``body`` (GitHub's Markdown, possibly ``None``) is written."""
    raw = (body or "")[:MAX_BODY_CHARS]
    text = authored_text(raw)
    if not text:
        return Writing()
    return Writing(
        says_why=bool(_WHY.search(text)),
        # Links are read before Markdown links are reduced to their text.
        links_issue=bool(_ISSUE.search(_FENCE.sub(" ", _COMMENT.sub(" ", raw)))),
        describes_testing=bool(_TESTING.search(text)),
        words=len(_WORD.findall(text)),
    )


def quote(body: str | None, limit: int = QUOTE_CHARS) -> str:
    """The start of the author's words, cut at a word, for quoting as evidence. Plain
    text: whoever shows it escapes it."""
    text = authored_text(body)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip(",;:.") + "…"
