"""``recruitdesk token add NAME | list | remove NAME``: GitHub tokens in the keyring.

The value is read from a hidden prompt, or from standard input when it is not a
terminal (``pass show gh | recruitdesk token add work``); never from the command line,
where it would land in the shell history and the process list.
"""

import argparse
import getpass
import sys

from recruitdesk.cli.common import EXIT_OK, say
from recruitdesk.errors import KnownError
from recruitdesk.tokens import (
    ENV_SOURCE,
    ENV_TOKEN,
    add_token,
    check_name,
    remove_token,
    token_names,
    token_pool,
    unusable_reason,
)


def _read_value() -> str:
    if sys.stdin.isatty():
        return getpass.getpass("GitHub token (input hidden): ")
    value = sys.stdin.readline()
    if not value:
        raise KnownError("No token on standard input.")
    return value


def cmd_add(args: argparse.Namespace) -> int:
    name = check_name(args.name)
    reason = unusable_reason()
    if reason is not None:  # say so before asking for the secret
        raise KnownError(reason)
    add_token(name, _read_value())
    say(f"Stored the token {name!r} in the system keyring.")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    reason = unusable_reason()
    names = token_names()
    if reason is not None:
        say(reason)
    usable = {token.name for token in token_pool()}
    for name in names:
        state = "in the keyring" if name in usable else "missing from the keyring"
        say(f"{name}\t{state}")
    if ENV_SOURCE in usable:
        say(f"{ENV_TOKEN}\tfrom the environment, for this run only")
    if not names and ENV_SOURCE not in usable:
        say("No tokens: add one with 'recruitdesk token add NAME'.")
    return EXIT_OK


def cmd_remove(args: argparse.Namespace) -> int:
    remove_token(args.name)
    say(f"Removed the token {args.name!r}.")
    return EXIT_OK


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    token = commands.add_parser("token", help="GitHub tokens in the system keyring")
    actions = token.add_subparsers(title="actions", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="store a token (read from a hidden prompt or stdin)")
    add.add_argument("name", metavar="NAME")
    add.set_defaults(handler=cmd_add)
    actions.add_parser("list", help="the stored tokens' names (never values)").set_defaults(
        handler=cmd_list
    )
    remove = actions.add_parser("remove", help="forget a token")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(handler=cmd_remove)
