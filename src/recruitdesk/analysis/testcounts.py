"""Test cases and assertions in one module's tree.

A test case is what a runner collects: a ``test*`` function at module level (pytest,
nose) or a ``test*`` method of a test class (``Test*`` classes for pytest, ``TestCase``
subclasses for unittest). An assertion is an ``assert`` statement, a call of an
``assert*`` function or method (``self.assertEqual``, ``numpy.testing.assert_allclose``,
``mock.assert_called_once_with``) or a pytest context that checks an outcome
(``pytest.raises``, ``pytest.warns``).
"""

import ast
from collections.abc import Iterable
from dataclasses import dataclass

#: pytest helpers that fail the test when the expected outcome does not happen.
_PYTEST_CHECKS = frozenset({"raises", "warns", "deprecated_call", "fail"})


@dataclass(frozen=True, slots=True)
class CaseCounts:
    #: Every test function and test method.
    cases: int = 0
    #: Test functions at module level: only pytest-style runners collect these.
    top_level: int = 0
    assertions: int = 0


def _is_test_name(name: str) -> bool:
    return name.startswith("test")


def _base_name(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _is_test_class(node: ast.ClassDef) -> bool:
    """pytest collects ``Test*`` classes, unittest subclasses of ``TestCase``: seen from
    one file, a class named like a test or with a base named like one."""
    name = node.name
    if name.startswith("Test") or name.endswith(("Test", "Tests", "TestCase")):
        return True
    return any(_base_name(base).endswith(("TestCase", "Test", "Tests")) for base in node.bases)


def _test_cases(body: list[ast.stmt]) -> tuple[int, int]:
    """(all cases, top-level cases) defined in a module's body."""
    top_level = 0
    methods = 0
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _is_test_name(node.name):
            top_level += 1
        elif isinstance(node, ast.ClassDef) and _is_test_class(node):
            methods += sum(
                1
                for child in node.body
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
                and _is_test_name(child.name)
            )
    return top_level + methods, top_level


def _is_assertion_call(node: ast.Call) -> bool:
    func = node.func
    if isinstance(func, ast.Attribute):
        if func.attr.startswith("assert"):
            return True
        return (
            isinstance(func.value, ast.Name)
            and func.value.id == "pytest"
            and func.attr in _PYTEST_CHECKS
        )
    if isinstance(func, ast.Name):
        return func.id.startswith("assert") or func.id in ("raises", "warns")
    return False


def count_tests(tree: ast.Module, nodes: Iterable[ast.AST]) -> CaseCounts:
    """The test cases and assertions of one module (zero in a module without tests);
    ``nodes``: every node of ``tree``."""
    cases, top_level = _test_cases(tree.body)
    assertions = sum(
        1
        for node in nodes
        if isinstance(node, ast.Assert) or (isinstance(node, ast.Call) and _is_assertion_call(node))
    )
    return CaseCounts(cases=cases, top_level=top_level, assertions=assertions)
