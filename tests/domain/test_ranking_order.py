"""The ranking's order, sorted a bucket at a time, is the order one stable sort gives."""

import random

from recruitdesk.domain.matching.ranking import _best_first


def test_bucketed_order_equals_one_stable_sort() -> None:
    generator = random.Random(7)
    # Many ties (whole points, analysed bonus) and keys on bucket edges.
    keys = [
        generator.choice([round(generator.uniform(0, 100), 6), float(generator.randint(0, 100))])
        + generator.choice([0.0, 1e-7])
        for _ in range(20_000)
    ] + [0.0, 100.0000001, 49.9999999, 50.0, 50.0000001]
    expected = sorted(range(len(keys)), key=keys.__getitem__, reverse=True)
    assert _best_first(keys) == expected
    assert _best_first([]) == []
