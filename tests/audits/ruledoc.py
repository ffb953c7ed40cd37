"""The docstring sections the rule contract asks for, for the small rules these tests define."""

SECTIONS = """
What:
    x
Why:
    x
Basis:
    x
Bad:
    x
Good:
    x
Fix:
    x
"""


def documented(summary: str) -> str:
    """A test rule's docstring: ``summary`` and every section, each saying nothing."""
    return summary + "\n" + SECTIONS
