"""Precision guards: proper nouns the dictionary lacks are not "corrected"."""

from rules.text_typo import TextTypo
from rules.typo.api import check_text

B = "http://127.0.0.1:8000"


def guesses(text):
    return [(h.evidence, h.suggestion) for h in check_text(text, ["statistical"])]


def test_a_person_named_after_their_post_is_not_a_typo():
    assert guesses("王喆检查农业生产。") == [("王喆", "王者")]  # without context it is flagged
    assert guesses("县农业农村局副局长王喆检查农业生产。") == []


def test_the_agency_code_of_a_document_number_is_not_a_typo():
    assert guesses("根据《通知》（示政〔2026〕9号）要求，做好申报。") == []


def test_a_statistical_guess_recurring_on_several_pages_is_dropped(run_rule):
    pages = [{"url": f"{B}/{i}.html", "kind": "article", "title": f"通知{i}",
              "text": "王喆检查农业生产。"} for i in range(2)]
    assert run_rule(TextTypo, {"pages": pages}) == []
    one = run_rule(TextTypo, {"pages": pages[:1]})
    assert [f.data["evidence"] for f in one] == ["王喆"]
    # A confusion-list typo is reported on every page, however often it recurs.
    for p in pages:
        p["text"] = "已按装监控设备。"
    assert len(run_rule(TextTypo, {"pages": pages})) == 2


def test_the_recurrence_threshold_is_a_setting(run_rule):
    pages = [{"url": f"{B}/{i}.html", "kind": "article", "title": f"通知{i}",
              "text": "王喆检查农业生产。"} for i in range(2)]
    assert len(run_rule(TextTypo, {"pages": pages}, {"recurring_pages": 3})) == 2
