"""Work counted as function calls (``sys.setprofile``), not timed: the count is the same on a
busy machine and a quiet one."""

from __future__ import annotations

import sys


def count_calls(fn, *args, **kwargs) -> int:
    """The Python and C function calls made while ``fn(*args, **kwargs)`` runs."""
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        fn(*args, **kwargs)
    finally:
        sys.setprofile(None)
    return count
