from tests.rules.conftest import run_rule  # noqa: F401  (re-use the crawl fixture)
