"""pluggy hook specifications for duwang plugins (entry-point group ``duwang.rules``)."""

import pluggy

hookspec = pluggy.HookspecMarker("duwang")
hookimpl = pluggy.HookimplMarker("duwang")


@hookspec
def register_rules():
    """Return a list of :class:`rules.base.Rule` subclasses this plugin provides."""
