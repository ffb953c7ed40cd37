"""Typo (错别字) detection for official Chinese writing.

Three detectors, each a module: :mod:`.confusion` (a curated list of wrong → right pairs with
context guards), :mod:`.formulation` (near misses of fixed political formulations and agency
names) and :mod:`.statistical` (same- or similar-sounding single-character substitutions judged
by a word-frequency language model). :mod:`.api` runs them and merges the hits.
"""
