"""``recruitdesk token add NAME | list | remove NAME``: GitHub tokens in the keyring.

The value is read from a hidden prompt, or from standard input when it is not a
terminal (``pass show gh | recruitdesk token add work``); never from the command line,
where it would land in the shell history and the process list.
"""

import argparse
import getpass
import sys

from recruitdesk import APP_NAME
from recruitdesk.cli.common import EXIT_FAILURE, EXIT_OK, Commands, reading_arguments, say
from recruitdesk.errors import KnownError


def _read_value() -> str:
    if sys.stdin.isatty():
        return getpass.getpass("GitHub token (input hidden): ")
    value = sys.stdin.readline()
    if not value:
        raise KnownError("No token on standard input.")
    return value


def cmd_add(args: argparse.Namespace) -> int:
    from recruitdesk.tokens import add_token, check_name, unusable_reason

    with reading_arguments():
        name = check_name(args.name)
    reason = unusable_reason()
    if reason is not None:  # say so before asking for the secret
        raise KnownError(reason)
    add_token(name, _read_value())
    say(f"Stored the token {name!r} in the system keyring.")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    """Names, where each is, and (unless ``--offline``) whose it is and its budget.

    Without a usable keyring the warning goes to stderr and the exit is 1, even when
    ``GITHUB_TOKEN`` is listed: the stored tokens cannot be used, and a script should
    learn that as it learns every other failure."""
    from recruitdesk.jobs.token_status import check_token
    from recruitdesk.tokens import ENV_SOURCE, ENV_TOKEN, token_names, token_pool, unusable_reason

    reason = unusable_reason()
    names = token_names()
    if reason is not None:
        print(f"{APP_NAME}: {reason}", file=sys.stderr)
    pool = {token.name: token for token in token_pool()}

    def github_says(name: str) -> str:
        if args.offline or name not in pool:
            return ""
        return "\t" + check_token(pool[name], args.api_url).describe()

    for name in names:
        if reason is not None:
            state = "stored, but there is no usable keyring to read it from"
        else:
            state = "in the keyring" if name in pool else "missing from the keyring"
        say(f"{name}\t{state}{github_says(name)}")
    if ENV_SOURCE in pool:
        say(f"{ENV_TOKEN}\tfrom the environment, for this run only{github_says(ENV_SOURCE)}")
    if not names and ENV_SOURCE not in pool and reason is None:
        say("No tokens: add one with 'recruitdesk token add NAME'.")
    return EXIT_OK if reason is None else EXIT_FAILURE


def cmd_remove(args: argparse.Namespace) -> int:
    from recruitdesk.tokens import remove_token

    remove_token(args.name)
    say(f"Removed the token {args.name!r}.")
    return EXIT_OK


def configure(token: argparse.ArgumentParser) -> None:
    from recruitdesk.analysis.github.defaults import DEFAULT_API_URL

    actions = token.add_subparsers(title="actions", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="store a token (read from a hidden prompt or stdin)")
    add.add_argument("name", metavar="NAME")
    add.set_defaults(handler=cmd_add)
    listing = actions.add_parser(
        "list",
        help="the stored tokens' names (never values), with the GitHub login and the "
        "rate limit left of each",
    )
    listing.add_argument(
        "--api-url",
        default=DEFAULT_API_URL,
        metavar="URL",
        help=f"the GitHub API to ask (default {DEFAULT_API_URL}; Enterprise: https://HOST/api/v3)",
    )
    listing.add_argument(
        "--offline", action="store_true", help="do not ask GitHub: names and places only"
    )
    listing.set_defaults(handler=cmd_list)
    remove = actions.add_parser("remove", help="forget a token")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(handler=cmd_remove)


def register(commands: Commands) -> None:
    commands.add_command("token", configure, help="GitHub tokens in the system keyring")
