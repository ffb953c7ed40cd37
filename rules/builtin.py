"""The built-in rules, registered as the first plugin of the ``duwang.rules`` group."""

from .hookspecs import hookimpl


@hookimpl
def register_rules():
    # Imported here so a broken third-party plugin never stops `import rules`.
    from . import (  # noqa: F401
        column_blank,
        column_stale,
        doc_number_malformed,
        doc_number_missing,
        interpretation_unlinked,
        link_broken,
        link_unreachable,
        site_homepage_stale,
        text_typo,
    )

    return [
        column_blank.ColumnBlank,
        column_stale.ColumnStale,
        site_homepage_stale.HomepageStale,
        link_broken.LinkBroken,
        link_unreachable.LinkUnreachable,
        interpretation_unlinked.InterpretationUnlinked,
        doc_number_missing.DocNumberMissing,
        doc_number_malformed.DocNumberMalformed,
        text_typo.TextTypo,
    ]
