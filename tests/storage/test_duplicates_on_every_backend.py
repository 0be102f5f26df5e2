"""Duplicates found the same way on SQLite and PostgreSQL: the phone's last digits are
an expression each database writes its own way (``substr(x, -6)`` against ``right(x,
6)``), and the index must be the one the query uses."""

from recruitdesk.domain.duplicates import Reason
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.database import Database
from recruitdesk.storage.duplicates import duplicates_of_values, find_duplicates


def test_a_phone_written_another_way_is_found_for_one_person_and_in_the_base(
    database: Database,
) -> None:
    first, _ = create_candidate(
        database, {"full_name": "Marta Kowalska", "phone": "+48 601 234 567", "location": "Łódź"}
    )
    second, _ = create_candidate(
        database, {"full_name": "M. Kowalska-Nowak", "phone": "601-234-567", "location": "Kraków"}
    )
    create_candidate(database, {"full_name": "Ola Nowak", "phone": "+48 601 234 999"})

    found = duplicates_of_values(database, {"full_name": "Someone Else", "phone": "(601) 234.567"})
    assert {(person.id, reasons) for person, reasons in found} == {
        (first, (Reason.PHONE,)),
        (second, (Reason.PHONE,)),
    }
    pairs = find_duplicates(database)
    assert [{pair.first.id, pair.second.id} for pair in pairs] == [{first, second}]
    assert pairs[0].reasons == (Reason.PHONE,)
