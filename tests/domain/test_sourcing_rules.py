"""The guesses of sourcing: a region from a free-text place, a refusal from a bio."""

import pytest

from recruitdesk.domain.no_contact import refusal
from recruitdesk.domain.places import guess_region
from recruitdesk.domain.taxonomy import Region


@pytest.mark.parametrize(
    ("location", "region"),
    [
        ("Kraków, Poland", Region.EASTERN_EUROPE),
        ("krakow", Region.EASTERN_EUROPE),
        ("Bengaluru", Region.INDIA_OFFSHORE),
        ("Bangalore, IN", Region.INDIA_OFFSHORE),  # IN is India here, not Indiana
        ("Austin, TX", Region.US_CANADA),
        ("Springfield, IL", Region.US_CANADA),
        ("Software engineer in Berlin", Region.WESTERN_EUROPE),
        ("São Paulo - Brasil", Region.LATIN_AMERICA),
        ("Zürich", Region.WESTERN_EUROPE),
        ("Lisboa, Portugal", Region.SOUTHERN_EUROPE),
        ("Toronto / Remote", Region.US_CANADA),
        ("東京", Region.ASIA),
        ("Ho Chi Minh City, Vietnam", Region.ASIA),
        ("Remote", None),
        ("Earth", None),
        ("Join us", None),
        ("Sydney, Australia", None),  # in no region of the rate tables
        ("", None),
        (None, None),
    ],
)
def test_region_from_location(location: str | None, region: Region | None) -> None:
    assert guess_region(location) == region


@pytest.mark.parametrize(
    "bio",
    [
        "No recruiters, please.",
        "Pythonista. Recruiters: not welcome.",
        "Please don't contact me about job offers",
        "Not interested in recruiters or headhunters",
        "Bitte keine Anfragen von Personalvermittlern",
        "Keine Recruiter!",
        "Recruteurs s'abstenir",
        "Pas de recrutement, merci",
        "Sin reclutadores, gracias",
        "Nada de reclutadores",
        "Sem recrutadores",
        "Proszę bez rekruterów",
        "Acquisitie wordt niet op prijs gesteld",
        "Geen recruiters",
        "Niente recruiter, grazie",
    ],
)
def test_refusals_in_several_languages(bio: str) -> None:
    assert refusal(bio) is not None


@pytest.mark.parametrize(
    "bio",
    [
        "I am not a recruiter, I write Python.",
        "Building recruiting software at Example",
        "No-code recruitment platform, backend lead",
        "Never stop learning, recruiting engineers at Example",
        "Open to job offers",
        "Hiring! DM me",
        None,
    ],
)
def test_no_refusal(bio: str | None) -> None:
    assert refusal(bio) is None


def test_refusal_quotes_the_words_as_written() -> None:
    assert refusal("Dev. Keine Recruiter.") == "Keine Recruiter"
