"""report.html, findings.json and findings.csv are written while they are rendered, never held whole in memory:
a run of tens of thousands of findings (a site where every listing is blank) stays flat."""

from __future__ import annotations

import json

import reports.files as files
from reports import write_reports
from reports.csvout import render_csv
from reports.html import render_html
from reports.jsonout import render_json
from reports.model import load_model


def _many(store, h, n=1500):
    site = store.upsert_site(name="示范县人民政府", start_url="http://a.example.gov.cn/", host="a.example.gov.cn")
    findings = [h.make_finding("column.blank", f"http://a.example.gov.cn/col{i}/", key=str(i)) for i in range(n)]
    return h.add_run(store, site, findings)


def test_big_reports_reach_the_disk_before_they_are_finished(store, h, tmp_path, monkeypatch):
    run = _many(store, h)
    on_disk_midway: dict[str, int] = {}
    write = files.atomic_write_chunks

    def spy(path, chunks):
        def watched():
            yield from chunks
            # the last piece is rendered: most of the file is on disk already (all but a buffer)
            tmp = next(path.parent.glob(f".{path.name}.*"))
            on_disk_midway[path.name] = tmp.stat().st_size

        write(path, watched())

    monkeypatch.setattr(files, "atomic_write_chunks", spy)
    out = tmp_path / "out"
    paths = write_reports(store, [run], out, as_of="2026-11-20")
    for name in ("findings.json", "findings.csv", "report.html"):
        size = paths[name].stat().st_size
        assert size > 300_000 and on_disk_midway[name] > size // 2, (name, on_disk_midway, size)
    model = load_model(store, [run], as_of="2026-11-20")
    # what was streamed is exactly what the one-piece rendering gives
    assert paths["findings.json"].read_text(encoding="utf-8") == render_json(model)
    assert paths["findings.csv"].read_bytes() == render_csv(model).encode("utf-8")
    assert paths["report.html"].read_text(encoding="utf-8") == render_html(model)
    assert len(json.loads(paths["findings.json"].read_text(encoding="utf-8"))) == 1500


def test_templates_are_compiled_once_per_process(store, h, tmp_path, monkeypatch):
    """Compiling report.html.j2 costs about 0.15 CPU s: an audit (and a second one in the same
    process) does not compile a template it has compiled before."""
    from jinja2 import Environment

    run = _many(store, h, n=5)
    compiled: list[str] = []
    compile_ = Environment.compile

    def counting(self, source, name=None, *args, **kwargs):
        compiled.append(name)
        return compile_(self, source, name, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", counting)
    write_reports(store, [run], tmp_path / "one", as_of="2026-11-20")
    after_first = len(compiled)
    paths = write_reports(store, [run], tmp_path / "two", as_of="2026-11-20")
    assert len(compiled) == after_first, compiled
    assert len(set(compiled)) == len(compiled), compiled
    assert paths["report.html"].read_text(encoding="utf-8") == (tmp_path / "one" / "report.html").read_text(
        encoding="utf-8")
