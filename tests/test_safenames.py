"""File names made from ids: safe on every system, never outside the output folder."""

from __future__ import annotations

import pytest

from officegen.errors import OutputError
from officegen.office.safenames import NameAllocator, inside, safe_stem


@pytest.mark.parametrize(
    "name, stem",
    [
        ("store-manager", "store-manager"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("com1", "_com1"),
        ("LPT9", "_LPT9"),
        ("../../etc/passwd", "_.._etc_passwd"),
        ("商品部/主管", "商品部_主管"),
        ('a<b>c:d"e|f?g*h\\i', "a_b_c_d_e_f_g_h_i"),
        ("trailing. . .", "trailing"),
        ("...", "_"),
        ("", "_"),
    ],
)
def test_safe_stem(name, stem):
    assert safe_stem(name) == stem


def test_names_never_collide_case_insensitively(tmp_path):
    names = NameAllocator(tmp_path)
    got = [names.allocate(n, ".docx").name for n in ["Aux", "aux", "Store", "store", "STORE"]]
    assert got == ["_Aux.docx", "_aux-2.docx", "Store.docx", "store-2.docx", "STORE-3.docx"]
    assert all(p.parent == tmp_path.resolve() for p in [names.allocate("x/../../y", ".docx")])


def test_nothing_is_written_outside_the_folder(tmp_path):
    with pytest.raises(OutputError):
        inside(tmp_path, "../escape.docx")
    assert inside(tmp_path, "ok.docx") == (tmp_path / "ok.docx").resolve()


def test_titled_names_carry_the_title_and_never_cut_the_id():
    from officegen.office.safenames import MAX_STEM, safe_stem, titled

    assert titled("店长", "store-manager") == "店长 (store-manager)"
    assert titled("store-manager", "store-manager") == "store-manager"
    assert titled("  ", "x") == "x"
    assert safe_stem(titled("检验员（IQC/IPQC/OQC）", "inspector")) == "检验员（IQC_IPQC_OQC） (inspector)"
    assert safe_stem(titled("-rm -rf", "r")) == "rm -rf (r)"  # never starts like an option
    long = titled("很长" * 100, "long-id")
    assert long.endswith("… (long-id)") and len(long.encode()) <= MAX_STEM
    assert titled("x" * 10, "i" * 120) == "i" * 120  # no room for the title


def test_a_name_already_there_as_a_link_out_of_the_folder_is_refused(tmp_path):
    """The folder is resolved once; a name is resolved only where a link is already in its place."""
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "Store.docx").symlink_to(tmp_path / "elsewhere.docx")
    names = NameAllocator(folder)
    assert names.allocate("Shop", ".docx") == folder.resolve() / "Shop.docx"
    with pytest.raises(OutputError):
        names.allocate("Store", ".docx")
