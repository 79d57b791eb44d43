"""`copcwb new`: a commented spec, header-only templates and a README for the data team."""

import pytest
import yaml

from copcwb import InputError, SpecError, load_engagement
from copcwb.io.columns import KINDS
from copcwb.registry import REGISTRY
from copcwb.scaffold import scaffold


def test_scaffold_writes_spec_templates_and_readme(tmp_path):
    root = scaffold("acme-2026q3", tmp_path, client="Acme Telecom")
    spec = yaml.safe_load((root / "engagement.yaml").read_text(encoding="utf-8"))
    assert spec["engagement"] == "acme-2026q3" and spec["client"] == "Acme Telecom"
    for kind in ("kpis", "qa", "contacts", "survey", "wfm"):
        header = (root / "data" / f"{kind}.csv").read_text().strip().split(",")
        assert set(KINDS[kind].required) <= set(header)
    readme = (root / "README.md").read_text(encoding="utf-8")
    for kind in KINDS.values():
        assert kind.title in readme


def test_every_option_is_in_the_template_commented(tmp_path):
    text = (scaffold("acme", tmp_path) / "engagement.yaml").read_text(encoding="utf-8")
    for model in (info.options for info in REGISTRY.values()):
        for name in model.model_fields:
            assert f"# {name}:" in text


def test_template_options_are_valid_when_uncommented(tmp_path):
    """Uncommenting every option line gives the defaults back, so the comments are true."""
    root = scaffold("acme", tmp_path)
    lines = (root / "engagement.yaml").read_text(encoding="utf-8").splitlines()
    inside, out = False, []
    for line in lines:
        if line.startswith("notebooks:"):
            inside = True
        elif line and not line.startswith(" "):
            inside = False
        if inside and line.startswith("    # "):
            line = "    " + line[6:].split("  # ")[0]
        out.append(line)
    (root / "engagement.yaml").write_text("\n".join(out), encoding="utf-8")
    # The data files hold headers only, so loading the spec passes and reading data fails.
    engagement = load_engagement(root / "engagement.yaml")
    for name, model in ((n, i.options) for n, i in REGISTRY.items()):
        assert engagement.options(name) == model()


def test_existing_folder_is_never_overwritten(tmp_path):
    (tmp_path / "acme").mkdir()
    (tmp_path / "acme" / "engagement.yaml").write_text("mine")
    with pytest.raises(InputError, match="exists already"):
        scaffold("acme", tmp_path)
    assert (tmp_path / "acme" / "engagement.yaml").read_text() == "mine"


def test_bad_name(tmp_path):
    with pytest.raises(InputError, match="not a valid engagement id"):
        scaffold("../evil", tmp_path)


def test_spec_error_is_an_input_error():
    assert issubclass(SpecError, InputError)


def test_copy_notebooks_writes_every_pair_and_never_overwrites(tmp_path):
    from copcwb.registry import ALL_NOTEBOOKS, NOTEBOOKS
    from copcwb.scaffold import copy_notebooks

    written = copy_notebooks(tmp_path / "nb")
    assert sorted(p.name for p in written) == sorted(
        f"{n}{ext}" for n in ALL_NOTEBOOKS for ext in (".ipynb", ".py")
    )
    assert "follow_up.ipynb" in {p.name for p in written}  # the report copcwb compare runs
    edited = tmp_path / "nb" / f"{NOTEBOOKS[0]}.py"
    edited.write_text("# my edits\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        copy_notebooks(tmp_path / "nb")
    assert len(caught.value.problems) == 2 * len(ALL_NOTEBOOKS)
    assert edited.read_text(encoding="utf-8") == "# my edits\n"
