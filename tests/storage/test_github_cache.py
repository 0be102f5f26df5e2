"""GitHub's answers kept for conditional requests: one row per URL, the newest answer
wins, on both backends (an upsert: two runs storing one URL at once must not fail)."""

from concurrent.futures import ThreadPoolExecutor

from recruitdesk.storage.database import Database
from recruitdesk.storage.sourcing_runs import DatabaseCache

URL = "https://api.github.com/users/ada"


def test_the_newest_answer_of_a_url_is_kept(database: Database) -> None:
    cache = DatabaseCache(database)
    assert cache.get(URL) is None
    cache.put(URL, '"v1"', {"login": "ada", "followers": 1})
    cache.put(URL, '"v2"', {"login": "ada", "followers": 2})
    assert cache.get(URL) == ('"v2"', {"login": "ada", "followers": 2})


def test_runs_storing_one_url_at_once_all_succeed(database: Database) -> None:
    cache = DatabaseCache(database)
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda n: cache.put(URL, f'"v{n}"', {"n": n}), range(16)))
    stored = cache.get(URL)
    assert stored is not None
    assert stored[0] == f'"v{stored[1]["n"]}"'
