"""Whether a person's own profile asks recruiters not to contact them.

A rule, not a list of sentences: a refusal is a negation ("no", "don't", "keine",
"pas de", "sin", "bez", "geen"...) followed within a few words by a word for
recruiters, recruitment, headhunters or job offers in one of the languages below; or
such a word followed by a dismissal ("not welcome", "need not apply", "s'abstenir",
"niet op prijs gesteld"). "I am not a recruiter" is a statement about oneself, not a
refusal: a negation directly followed by an article is passed over.
"""

import re

from recruitdesk.domain.places import plain

#: Words for the people and messages refused, as stems (matched at a word's start).
_TARGETS = (
    r"recruit",  # English; also "recruiting", "recruitment"
    r"recrut",  # French, Portuguese, Romanian
    r"reclut",  # Spanish, Italian
    r"rekrut",  # German, Polish, Dutch, Czech, Scandinavian
    r"headhunt",
    r"head hunt",
    r"personalvermittl",
    r"personalberat",
    r"acquisitie",
    r"job offer",
    r"job opportunit",
    r"jobangebot",
    r"stellenangebot",
    r"offres? d.emploi",
    r"ofertas? de (?:trabajo|emprego|empleo)",
    r"propost[ae] di lavoro",
    r"ofert[ya] pracy",
    r"ваканси",
    r"рекрут",
)
_NEGATIONS = (
    r"no",
    r"not",
    r"never",
    r"don.?t",
    r"do not",
    r"please don.?t",
    r"keine?",
    r"nicht",
    r"pas de",
    r"pas d",
    r"sans",
    r"aucune?",
    r"sin",
    r"nada de",
    r"niente",
    r"nessun[ao]?",
    r"sem",
    r"nao",
    r"bez",
    r"nie",
    r"zadn[ye]ch",
    r"geen",
    r"niet",
    r"ingen",
    r"ei",
    r"нет",
    r"без",
    r"не",
)
_DISMISSALS = (
    r"not welcome",
    r"unwelcome",
    r"need not apply",
    r"please don.?t",
    r"stay away",
    r"s.abstenir",
    r"abstenez",
    r"niet op prijs",
    r"unerwunscht",
    r"nicht erwunscht",
    r"abstenerse",
    r"astenersi",
)
_ARTICLES = r"(?:a|an|ein|eine|un|une|una|um|uma|een)"
_TARGET = "(?:" + "|".join(_TARGETS) + ")"
#: At most this many words between the negation and the word refused.
_GAP = 4
#: Between words of one clause: not across a comma or a sentence's end.
_SPACE = r"[^\w.,;:!?]+"
_REFUSAL = re.compile(
    r"(?<![\w-])(?:" + "|".join(_NEGATIONS) + r")(?![\w-])"
    rf"(?!\s+{_ARTICLES}\s)"
    rf"(?:{_SPACE}\w+){{0,{_GAP}}}?{_SPACE}{_TARGET}\w*"
    rf"|(?<!\w){_TARGET}\w*(?:{_SPACE}\w+){{0,2}}?\W+(?:" + "|".join(_DISMISSALS) + r")\w*",
    re.IGNORECASE,
)


def refusal(*texts: str | None) -> str | None:
    """The words of the first text (a bio, a company, a name...) that refuse recruiters,
    as the person wrote them; ``None`` when none does."""
    for text in texts:
        if not text:
            continue
        # Matched without accents; quoted from the original, which keeps the offsets
        # when no character decomposes into several (true of the words matched here).
        simple = plain(text)
        found = _REFUSAL.search(simple)
        if found is not None:
            original = text.strip()
            same = len(simple) == len(original)
            return (original[found.start() : found.end()] if same else found.group()).strip()
    return None
