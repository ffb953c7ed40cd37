"""GcThreshold raises Python's first GC threshold while a spider runs and restores it after."""

from __future__ import annotations

import gc
from types import SimpleNamespace

import pytest
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.settings import Settings

from crawler.gctune import GcThreshold
from crawler.runner import base_settings


def crawler_with(threshold):
    connected = {}
    settings = Settings({"DUWANG_GC_THRESHOLD": threshold})
    crawler = SimpleNamespace(settings=settings, signals=SimpleNamespace(
        connect=lambda fn, signal: connected.__setitem__(signal, fn)))
    return crawler, connected


@pytest.fixture
def restore_gc():
    saved = gc.get_threshold()
    yield saved
    gc.set_threshold(*saved)


def test_the_threshold_is_raised_while_the_spider_runs_and_restored_after(restore_gc):
    gc.set_threshold(700, 10, 10)
    crawler, connected = crawler_with(20000)
    GcThreshold.from_crawler(crawler)
    connected[signals.spider_opened](spider=None)
    assert gc.get_threshold() == (20000, 10, 10)
    connected[signals.spider_closed](spider=None)
    assert gc.get_threshold() == (700, 10, 10)


def test_a_higher_threshold_already_set_is_kept(restore_gc):
    gc.set_threshold(50000, 5, 5)
    ext = GcThreshold(20000)
    ext.opened()
    assert gc.get_threshold() == (50000, 5, 5)
    ext.closed()
    assert gc.get_threshold() == (50000, 5, 5)


def test_zero_turns_it_off():
    crawler, _ = crawler_with(0)
    with pytest.raises(NotConfigured):
        GcThreshold.from_crawler(crawler)


def test_a_crawl_runs_with_it(tmp_path):
    settings = base_settings(tmp_path / "audit.db")
    assert settings.getint("DUWANG_GC_THRESHOLD") > 700
    assert "crawler.gctune.GcThreshold" in settings.getdict("EXTENSIONS")
