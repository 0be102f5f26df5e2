"""``recruitdesk erase CANDIDATE... [--on-request]``: erase people everywhere (every
table, the search index, the app's backups), as the app's Delete does.

With ``--on-request`` (the person asked to be erased) a keyed hash of their login and
e-mail is kept first, so sourcing never adds them again (``storage/suppression.py``);
the key is made in the keyring when there is none.
"""

import argparse

from recruitdesk.cli.common import EXIT_OK, Commands, reading_arguments, say
from recruitdesk.domain.wording import CANDIDATE_FORMS, count


def cmd_erase(args: argparse.Namespace) -> int:
    from recruitdesk.storage.candidates import find_candidate_id
    from recruitdesk.storage.erasure import erase_candidates
    from recruitdesk.storage.migrate import open_database
    from recruitdesk.storage.suppression import erase_on_request
    from recruitdesk.tokens import suppression_key

    with open_database(args.db) as database:
        with reading_arguments():
            wanted = list(dict.fromkeys(find_candidate_id(database, c) for c in args.candidates))
        if args.on_request:
            key = suppression_key(create=True)
            assert key is not None  # create=True makes one or raises
            erase_on_request(database, wanted, key)
        else:
            erase_candidates(database, wanted)
    erased = count(len(wanted), "candidate")
    kept = "; a keyed hash keeps them off later sourcing" if args.on_request else ""
    say(f"Erased {erased} everywhere, also from the app's backups{kept}.")
    return EXIT_OK


def configure(erase: argparse.ArgumentParser) -> None:
    erase.add_argument(
        "candidates",
        nargs="+",
        metavar="CANDIDATE",
        help=CANDIDATE_FORMS,
    )
    erase.add_argument(
        "--on-request",
        action="store_true",
        help="they asked to be erased: keep a keyed hash of their login and e-mail so "
        "sourcing never adds them again",
    )
    erase.set_defaults(handler=cmd_erase, command_parser=erase)


def register(commands: Commands) -> None:
    commands.add_command(
        "erase", configure, help="erase candidates everywhere (--on-request: they asked)"
    )
