"""Whether a commit subject says what changed: a rule over the subject's shape (how
many words it has once prefixes, bullets, ticket numbers and counters are gone, and
whether one of them is a verb), not a list of the subjects one repository used.

The rule is careful with other languages: a subject of three words or more is never
judged on its vocabulary unless every word is one of the generic English ones ("fix
some bugs"); a two-word subject needs a verb, recognised by the English verbs of commit
messages with their inflections and by the infinitive and participle endings of
German, the Romance languages and Russian; scripts written without spaces (Chinese,
Japanese, Thai) count two characters as a word.
"""

import re
from math import ceil

#: A Conventional Commits subject: ``type(scope)!: description``.
CONVENTIONAL = re.compile(
    r"^(feat|fix|docs|style|refactor|perf|test|tests|build|ci|chore|revert)"
    r"(\([^)]*\))?!?: \S",
    re.IGNORECASE,
)
#: A leading ``area:`` or ``type(scope)!:`` prefix, dropped before judging the rest.
_PREFIX = re.compile(r"^[\w./-]+(\([^)]*\))?!?:\s+")
#: Bullets and quoting before the subject ("* readme", "- fix", "> note").
_BULLETS = re.compile(r"^[\s*\-+•#>~`]+")
#: Ticket references and tags: "(#123)", "#123", "GH-12", "[skip ci]", "[WIP]".
_REFERENCES = re.compile(r"\(#\d+\)|#\d+|\b[A-Z][A-Z0-9]+-\d+\b|\[[^\]]*\]")
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")
#: Scripts written without spaces between words.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\u0e00-\u0e7f]")
_VERSION = re.compile(r"\d+\.\d+")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: The verbs English commit subjects start with ("add", "fix"...); their inflections
#: ("adds", "added", "adding") are recognised from these.
ENGLISH_VERBS = _words(
    """add adjust align allow annotate apply avoid bump build cache call catch change check
    clarify clean close collect compute configure convert copy correct create declare
    dedupe define delete deprecate detect disable document downgrade drop emit enable
    ensure expand expose extend extract fetch fix format generate guard handle hide ignore
    implement import improve include increase inline install introduce keep limit lint
    load lock log make mark merge migrate mention move note omit optimise optimize parse
    pass patch pin polish port prefer prevent print publish raise read reduce refactor
    refresh register reject relax release remove rename reorder replace report require
    reset resolve restore restructure return reuse revert rewrite rework run save send
    separate serve set show silence simplify skip sort speed split start stop store strip
    support switch tag test tidy tighten track translate trim tweak type unify update
    upgrade upload use validate vendor warn wrap write"""
)
#: Endings of English verbs made from nouns and adjectives ("standardize", "clarify",
#: "normalise").
_ENGLISH_VERB_ENDINGS = ("ize", "ise", "ify")
#: Prefixes that make a verb of a verb ("unpin", "rebuild", "reformat").
_VERB_PREFIXES = ("un", "re", "de", "pre")
#: Words that say nothing of what changed; a subject made only of them is vague in
#: any length ("fix some bugs", "minor code changes").
GENERIC_WORDS = _words(
    """a again all and another bug bugs change changed changes clean cleanup code commit
    commits done edit edits final first fix fixed fixes fixing improvement improvements
    it latest little me minor misc more new of small some stuff temp test tests that
    the things this tmp to tweak tweaks typo typos up update updated updates various
    version wip work working"""
)
#: Infinitive and participle endings of verbs in German ("entfernen", "behoben"),
#: the Romance languages ("agregar", "ajouté", "corrigido", "aggiunto") and Russian
#: ("добавить", "исправлен"); checked on words of five letters or more.
_FOREIGN_VERB_ENDINGS = (
    "en",
    "ern",
    "eln",
    "ar",
    "ir",
    "er",
    "é",
    "ée",
    "és",
    "ado",
    "ido",
    "ada",
    "ida",
    "ato",
    "ito",
    "ть",
    "ти",
    "ил",
    "ен",
    "ан",
)


def subject_of(message: str) -> str:
    return message.strip().split("\n", 1)[0].strip()


def normalised(subject: str) -> str:
    """The subject without bullets, ``area:`` prefix, ticket references and trailing
    punctuation, lower-cased: what is judged, and what repeats are compared on."""
    text = _BULLETS.sub("", subject.strip())
    text = _PREFIX.sub("", text)
    text = _REFERENCES.sub(" ", text)
    return " ".join(text.rstrip(" .!?…").split()).casefold()


def _word_count(words: list[str]) -> int:
    return sum(ceil(len(word) / 2) if _UNSPACED.search(word) else 1 for word in words)


def _is_verb(word: str) -> bool:
    stems = {word}
    for ending in ("s", "es", "d", "ed", "ing"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            stems |= {stem, stem + "e"}
            if stem[-1] == stem[-2]:  # "stopped", "dropping"
                stems.add(stem[:-1])
    stems |= {stem[len(pre) :] for stem in stems for pre in _VERB_PREFIXES if stem.startswith(pre)}
    if stems & ENGLISH_VERBS or any(
        len(stem) >= 6 and stem.endswith(_ENGLISH_VERB_ENDINGS) for stem in stems
    ):
        return True
    return len(word) >= 5 and word.endswith(_FOREIGN_VERB_ENDINGS)


def is_vague(subject: str) -> bool:
    """Whether ``subject`` fails to say what changed: no words; one word ("Exercises",
    "* readme", "wip"); two words without a verb ("snake again", "pygame 15" counts
    one); or only generic words ("fix some bugs"). A version number ("Release 2.1")
    names the change."""
    text = normalised(subject)
    words = _WORD.findall(text)
    count = _word_count(words)
    if count == 0:
        return not _VERSION.search(text)
    if all(word in GENERIC_WORDS for word in words):
        return True
    if count == 1:
        return not _VERSION.search(text)
    if count == 2 and not any(_UNSPACED.search(word) for word in words):
        return not any(_is_verb(word) for word in words) and not _VERSION.search(text)
    return False
