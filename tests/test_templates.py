"""Job-description templates (officegen/generators/jd/templates.py, sandbox.py): user templates,
their errors with file and line, the sandbox."""

from __future__ import annotations

import pytest
from docx import Document

from officegen.generators.jd import write_job_descriptions

# -- templates ---------------------------------------------------------------------------------------


def test_a_user_template_changes_the_wording(org_en, tmp_path):
    custom = tmp_path / "tpl"
    custom.mkdir()
    (custom / "en.md.j2").write_text("# {{ role.title }}\n\nOur promise: {{ org.name }}\n", encoding="utf-8")
    (custom / "en.page.j2").write_text(
        '{% set header = "ACME HR" %}{% set footer = "p. {PAGE}" %}\n{% set subject = "Role profile" %}',
        encoding="utf-8",
    )
    doc = Document(write_job_descriptions(org_en, tmp_path / "o", template_dir=custom)[0])
    assert [p.text for p in doc.paragraphs] == [org_en.roles_in_org_order()[0].title, f"Our promise: {org_en.name}"]
    assert doc.sections[0].header.paragraphs[0].text == "ACME HR"
    assert doc.sections[0].footer.paragraphs[0].text.startswith("p. ")
    assert doc.core_properties.subject == "Role profile"


def test_user_template_macros_keep_structure_and_values_stay_text(org_hostile, tmp_path):
    custom = tmp_path / "tpl"
    custom.mkdir()
    (custom / "zh-CN.md.j2").write_text(
        "{% macro items(xs) %}{% for x in xs %}- {{ x }}\n{% endfor %}{% endmacro %}"
        "# {{ role.title }}\n{{ items(role.responsibilities) }}\n"
        "| **{{ role.id }}** | {{ role.summary | e }}{{ br }}second line |\n",
        encoding="utf-8",
    )
    doc = Document(write_job_descriptions(org_hostile, tmp_path / "o", role_ids=["Aux"], template_dir=custom)[0])
    bullets = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert bullets == list(org_hostile.roles["Aux"].responsibilities)
    cell = doc.tables[0].rows[0].cells
    assert cell[0].text == "Aux" and cell[0].paragraphs[0].runs[0].bold
    assert cell[1].text.endswith("\nsecond line") and cell[1].text.startswith("Line one\nLine two")


@pytest.mark.slow
def test_templates_are_parsed_once_per_run(org_zh, tmp_path, monkeypatch):
    import jinja2

    calls = []
    original = jinja2.Environment._parse
    monkeypatch.setattr(
        jinja2.Environment, "_parse", lambda self, *a, **k: calls.append(a[1]) or original(self, *a, **k)
    )
    write_job_descriptions(org_zh, tmp_path, combined=True)
    assert sorted(calls) == ["zh-CN.combined.md.j2", "zh-CN.md.j2", "zh-CN.page.j2"]
    calls.clear()  # without a combined document, its template is not compiled at all
    write_job_descriptions(org_zh, tmp_path / "roles")
    assert sorted(calls) == ["zh-CN.md.j2", "zh-CN.page.j2"]


# -- the bundled role template: trusted, rendered outside the sandbox ---------------------------------


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
@pytest.mark.parametrize("detail", [False, True])
def test_the_bundled_role_template_renders_outside_the_sandbox_to_the_same_text(lang, detail):
    from conftest import DATA, TESTDATA, load

    from officegen.generators.jd.context import role_context
    from officegen.generators.jd.templates import Templates

    templates = Templates(lang, None, detail)
    assert templates.trusted_role is not None
    seen = 0
    for path in (TESTDATA / "hr-company.yaml", DATA / "ecommerce-team.yaml", TESTDATA / "hostile.yaml"):
        org = load(path, lang)
        for role in org.roles_in_org_order():
            context = role_context(org, role)
            sandboxed = templates._render(templates.role, context, "")
            assert templates.render_role(context) == sandboxed
            seen += bool(context["accountable"]) + bool(context["partners"]) + bool(context["document"])
    assert seen > 20  # the tables of activities and partners and the document block were compared


def test_a_user_template_stays_sandboxed_even_as_a_copy_of_the_bundled_one(org_en, tmp_path):
    from officegen.errors import TemplateError
    from officegen.generators.jd.templates import Templates
    from officegen.resources import templates_dir

    custom = tmp_path / "tpl"
    custom.mkdir()
    bundled = (templates_dir() / "jd" / "en.md.j2").read_text(encoding="utf-8")
    (custom / "en.md.j2").write_text(bundled, encoding="utf-8")
    assert Templates("en", custom).trusted_role is None
    (custom / "en.md.j2").write_text(bundled + '{{ "x" * 5000000 }}\n', encoding="utf-8")
    with pytest.raises(TemplateError, match="more than the limit"):
        write_job_descriptions(org_en, tmp_path / "o", template_dir=custom)
    assert Templates("en").trusted_role is not None  # the bundled one, where the user's folder has none


def test_a_bundled_template_that_includes_another_or_builds_text_stays_sandboxed(tmp_path, monkeypatch):
    from officegen.generators.jd import templates

    bundled = tmp_path / "bundled"
    (bundled / "jd").mkdir(parents=True)
    for name in ("en.combined.md.j2", "en.page.j2"):
        (bundled / "jd" / name).write_text("", encoding="utf-8")
    (bundled / "jd" / "part.j2").write_text("# {{ role.title }}\n", encoding="utf-8")
    monkeypatch.setattr(templates, "templates_dir", lambda: bundled)
    (bundled / "jd" / "en.md.j2").write_text('{% include "part.j2" %}', encoding="utf-8")
    assert templates.Templates("en").trusted_role is None  # what it includes could be a user's file
    # text the template builds is structure only with autoescaping, as in the sandbox
    for source in ("{% macro m() %}- x{% endmacro %}{{ m() }}", "{% set x %}- x{% endset %}{{ x }}"):
        (bundled / "jd" / "en.md.j2").write_text(source, encoding="utf-8")
        with_macro = templates.Templates("en")
        assert with_macro.trusted_role is None
        assert with_macro.render_role({}) == "- x"
    (bundled / "jd" / "en.md.j2").write_text("# {{ role.title }}\n", encoding="utf-8")
    plain = templates.Templates("en")
    assert plain.trusted_role is not None
    assert plain.render_role({"role": {"title": "A | B"}}) == "# \ue001A \ue003 B\n"


def test_template_errors_name_the_file_and_line(org_en, tmp_path):
    from officegen.errors import TemplateError

    custom = tmp_path / "tpl"
    custom.mkdir()
    (custom / "en.md.j2").write_text("# {{ role.title }}\n\n{% for x in %}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"en\.md\.j2:3: error: "):
        write_job_descriptions(org_en, tmp_path / "o", template_dir=custom)
    (custom / "en.md.j2").write_text("# {{ role.title }}\n{{ role.nickname }}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"en\.md\.j2:2: error: undefined variable or attribute \(.*nickname"):
        write_job_descriptions(org_en, tmp_path / "o", template_dir=custom)
    (custom / "en.md.j2").unlink()
    (custom / "en.page.j2").write_text("{% set header = org.name %}\n{% set footer = org.nope %}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"en\.page\.j2:2: error: undefined variable or attribute"):
        write_job_descriptions(org_en, tmp_path / "o", template_dir=custom)
    assert not (tmp_path / "o").exists() or not list((tmp_path / "o").glob("*.docx"))


def test_a_failing_role_leaves_the_folder_as_it_was(org_zh, tmp_path):
    from officegen.errors import TemplateError

    out = tmp_path / "o"
    out.mkdir()
    (out / "打包发货员 (packer).docx").write_bytes(b"previous")
    custom = tmp_path / "tpl"
    custom.mkdir()
    (custom / "zh-CN.md.j2").write_text(
        "# {{ role.title }}\n{% if role.id == 'packer' %}{{ 1 / 0 }}{% endif %}\n", encoding="utf-8"
    )
    with pytest.raises(TemplateError, match=r"zh-CN\.md\.j2:2: error: ZeroDivisionError"):
        write_job_descriptions(org_zh, out, template_dir=custom)
    assert sorted(p.name for p in out.iterdir()) == ["打包发货员 (packer).docx"]
    assert (out / "打包发货员 (packer).docx").read_bytes() == b"previous"


def test_a_malicious_template_cannot_escape_the_sandbox(org_en, tmp_path):
    from officegen.errors import TemplateError

    custom = tmp_path / "tpl"
    custom.mkdir()
    for attack in (
        "{{ cycler.__init__.__globals__.os.popen('touch " + str(tmp_path / "pwned") + "').read() }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ role.title.__class__.__base__.__subclasses__() }}",
        "{% for x in range(10**9) %}{% endfor %}",
    ):
        (custom / "en.md.j2").write_text(attack + "\n", encoding="utf-8")
        with pytest.raises(TemplateError, match="not allowed in a template|undefined variable|OverflowError"):
            write_job_descriptions(org_en, tmp_path / "o", template_dir=custom)
    assert not (tmp_path / "pwned").exists()


def test_the_trusted_environment_looks_names_up_as_jinja_does():
    import jinja2

    from officegen.generators.jd.templates import _TrustedEnvironment

    source = "{{ d.title }}|{{ d.items is callable }}|{{ d.missing is defined }}|{{ o.real }}|{{ d['items'] }}"
    data = {"d": {"title": "T", "items": "an item"}, "o": 3}
    plain = jinja2.Environment(undefined=jinja2.StrictUndefined).from_string(source).render(data)
    trusted = _TrustedEnvironment(undefined=jinja2.StrictUndefined).from_string(source).render(data)
    assert trusted == plain == "T|True|False|3|an item"
    with pytest.raises(jinja2.UndefinedError):
        _TrustedEnvironment(undefined=jinja2.StrictUndefined).from_string("{{ d.missing }}").render(data)
