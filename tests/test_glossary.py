"""The glossary and method page (issue 19): every status, mid-term word, final class, method and
forecast term defined in both languages from the catalogue that words them, linked from every
page's header bar and footer, the index, the dashboard and the CLI's help."""

from __future__ import annotations

import html as _html
import re
from types import SimpleNamespace

import pytest

from shanxi_analysis.cli import main
from shanxi_analysis.models import final, status
from shanxi_analysis.models.assess import MIDTERM_CODES
from shanxi_analysis.report import glossary, runner
from shanxi_analysis.report.messages import CATALOGUE, say
from shanxi_analysis.report.runner import site
from test_language import mixed_nodes

LANGS = ("zh", "en")


def _terms(page: str) -> dict[str, str]:
    """anchor -> term of a glossary page's <dt>s."""
    return {a: _html.unescape(t) for a, t in re.findall(r'<dt id="([^"]+)">([^<]*)</dt>', page)}


@pytest.mark.parametrize("lang", LANGS)
def test_every_status_class_and_method_is_defined_in_the_words_the_pages_use(tmp_path, lang):
    """Each status code of models/status.py, each mid-term code and each final class stands on the
    page under the very words the tracker prints (status.*, midterm.*, final.*), with a definition;
    a new status without a definition fails here."""
    site.write_glossary(tmp_path)
    page = (tmp_path / "html" / site.glossary_file(lang)).read_text(encoding="utf-8")
    terms = _terms(page)
    for code in status.codes():
        if set(status.STATUSES[code].judged_by) - {"final"}:
            assert terms[f"status-{code}"] == say(f"status.{code}", lang)
        assert f"glossary.def.status.{code}" in CATALOGUE, code
    for code in MIDTERM_CODES:
        assert terms[f"midterm-{code}"] == say(f"midterm.{code}", lang)
    for code in final.FINAL_CLASSES:
        assert terms[f"final-{code}"] == say(f"final.{code}", lang)
    for anchor in ("eurostat", "escap", "attribute-binding", "attribute-expected", "naive", "backtest", "mase"):
        assert anchor in terms
    definitions = re.findall(r"<dd>([^<]+)</dd>", page)
    assert len(definitions) == len(terms) and all(d.strip() for d in definitions)
    assert len(set(definitions)) == len(definitions)  # no two terms share a sentence by mistake


@pytest.mark.parametrize("lang", LANGS)
def test_the_glossary_reads_in_one_language_and_links_back(tmp_path, lang):
    site.write_glossary(tmp_path)
    page = (tmp_path / "html" / site.glossary_file(lang)).read_text(encoding="utf-8")
    assert mixed_nodes(page) == []
    other = "en" if lang == "zh" else "zh"
    assert f'href="{site.glossary_file(other)}"' in page  # 中文 | English to the other glossary
    assert f'href="../{site.INDEX_FILE[lang]}" rel="index"' in page


def test_the_glossary_links_the_full_rules_when_written_in_the_repository(tmp_path):
    root = site.Path(site.__file__).resolve().parents[3]
    assert site._method_doc(root / "reports" / "html") == "../../docs/verdicts.md"
    assert site._method_doc(tmp_path) == ""  # elsewhere the page names the file, no dead link
    assert "docs/verdicts.md" in say("glossary.more", "en")


def _page(out, name, lang):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# T")]
    executed = out / f"{name}.ipynb"
    nbformat.write(nb, executed)
    return runner.export_html(executed, runner.Job(name, lang, {"as_of_year": 2025}), out)


def test_every_page_and_the_index_link_to_the_glossary(tmp_path):
    """The header bar and the footer of every page, and the index, link to the glossary in the
    page's language, and the link's target exists after the run writes the index."""
    pages = [_page(tmp_path, "2_tracker_14th_plan", lang) for lang in LANGS]
    runner.write_index([runner.Job("2_tracker_14th_plan", "zh", {"as_of_year": 2025})], tmp_path, 2025)
    for lang, path in zip(LANGS, pages, strict=True):
        body = path.read_text(encoding="utf-8")
        target = site.glossary_file(lang)
        bar = body[body.find("<header") : body.find("</header>")]
        foot = body[body.rfind("<footer") : body.rfind("</footer>")]
        assert f'href="{target}" rel="glossary"' in bar and f'href="{target}" rel="glossary"' in foot
        assert (path.parent / target).is_file()
        index = (tmp_path / site.INDEX_FILE[lang]).read_text(encoding="utf-8")
        assert f'href="html/{target}"' in index


@pytest.mark.parametrize("lang", LANGS)
def test_the_dashboard_header_holds_the_glossary(lang):
    from shanxi_analysis.report.widgets import Dashboard

    header = Dashboard._header(SimpleNamespace(lang=lang, title="t", plan=None), 2024)
    assert "<details class='dash-glossary'" in header
    for code in ("on_track", "unlikely", "pending", "provisional"):
        assert _html.escape(say(f"glossary.def.status.{code}", lang)) in header


def test_the_cli_help_points_to_the_glossary_and_prints_it(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "shanxi glossary" in capsys.readouterr().out
    assert main(["glossary", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    for code in ("on_track", "moderate", "unlikely", "pending", "provisional"):
        assert say(f"status.{code}", "zh") in out and say(f"glossary.def.status.{code}", "zh") in out
    assert say("glossary.def.mase", "zh") in out
    assert main(["glossary"]) == 0
    assert "final data pending" in capsys.readouterr().out
    assert glossary.glossary_text("en").startswith("Glossary and method")
