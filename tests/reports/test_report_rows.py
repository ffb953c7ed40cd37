"""The reports read a run's findings back from the store one at a time while they write them:
no exporter (findings.json, findings.csv, report.html, the 整改清单) holds every finding, and
what they write is what the whole-list rendering gives."""

from __future__ import annotations

import gc
import json

import reports.files as files
import reports.xlsx as xlsx
from reports import write_reports
from reports.html import render_html
from reports.jsonout import findings_list, generate_json
from reports.model import load_model

N = 1500


def _finding_dicts() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is dict and "fingerprint" in o and "rule" in o)


def _many(store, h, n=N):
    site = store.upsert_site(name="示范县人民政府", start_url="http://a.example.gov.cn/", host="a.example.gov.cn")
    findings = [h.make_finding("column.blank", f"http://a.example.gov.cn/col{i}/", key=str(i),
                               data={"note": f"第{i}行\n第二行"}) for i in range(n)]
    return h.add_run(store, site, findings)


def test_no_exporter_holds_every_finding(store, h, tmp_path, monkeypatch):
    run = _many(store, h)
    live: dict[str, int] = {}
    write = files.atomic_write_chunks

    def spy(path, chunks):
        def watched():
            # looked at every 100 pieces from the 50th on (report.html comes in batches of 256
            # template chunks, a few hundred pieces in all): the most seen while writing
            for n, chunk in enumerate(chunks):
                if n % 100 == 50:
                    live[path.name] = max(live.get(path.name, 0), _finding_dicts())
                yield chunk

        write(path, watched())

    is_http = xlsx.is_http
    calls = []

    def counting_is_http(url):  # the 整改清单 asks once a row
        calls.append(1)
        if len(calls) == N // 2:
            live["xlsx"] = _finding_dicts()
        return is_http(url)

    monkeypatch.setattr(files, "atomic_write_chunks", spy)
    monkeypatch.setattr(xlsx, "is_http", counting_is_http)
    write_reports(store, [run], tmp_path / "out", as_of="2026-11-20")
    assert set(live) == {"findings.json", "findings.csv", "report.html", "xlsx"}
    assert max(live.values()) < 50, live  # the whole list was 1,500 (and the diff's 1,500 more)


def test_the_rows_read_back_are_the_rows_written(store, h, tmp_path):
    run = _many(store, h, 600)
    model = load_model(store, [run], as_of="2026-11-20")
    site = model.sites[0]
    assert len(site.findings) == 600 and [f["seq"] for f in site.findings] == list(range(1, 601))
    assert site.findings[0] == next(iter(site.findings)) and site.findings[-1]["seq"] == 600
    assert model.table.writes == 600
    # findings.json item by item is the JSON of the whole list, newlines inside strings included
    text = "".join(generate_json(model))
    assert text == json.dumps(findings_list(model), ensure_ascii=False, indent=2, default=str) + "\n"
    assert json.loads(text)[0]["data"] == {"note": "第0行\n第二行"}


def test_an_empty_run_writes_an_empty_json_array(store, h):
    site = store.upsert_site(name="示范县人民政府", start_url="http://a.example.gov.cn/", host="a.example.gov.cn")
    model = load_model(store, [h.add_run(store, site, [])], as_of="2026-11-20")
    assert "".join(generate_json(model)) == "[]\n" and not model.has_findings


def test_one_county_renders_its_report_once_for_both_files(store, h, tmp_path, monkeypatch):
    import reports.html as html

    run = _many(store, h, 50)
    renders = []
    generate = html.generate_html

    def counted(model, *, home=None):
        renders.append(home)
        return generate(model, home=home)

    monkeypatch.setattr(html, "generate_html", counted)
    paths = write_reports(store, [run], tmp_path / "out", as_of="2026-11-20")
    assert len(renders) == 1
    monkeypatch.setattr(html, "generate_html", generate)
    model = load_model(store, [run], as_of="2026-11-20")
    name = model.sites[0].dir_name
    assert paths["report.html"].read_text(encoding="utf-8") == render_html(model)
    assert paths[f"{name}/report.html"].read_text(encoding="utf-8") == render_html(model, home="../index.html")
