"""Reproducible packages: fixed timestamps, SOURCE_DATE_EPOCH."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from officegen.errors import SettingError
from officegen.office import reprozip


def test_rezip_is_deterministic_and_honours_source_date_epoch(monkeypatch):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<x/>")
        z.writestr("word/document.xml", "<d/>")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = reprozip.rezip(buf.getvalue())
    assert reprozip.rezip(buf.getvalue()) == first
    assert zipfile.ZipFile(io.BytesIO(first)).infolist()[0].date_time == (1980, 1, 1, 0, 0, 0)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    later = zipfile.ZipFile(io.BytesIO(reprozip.rezip(buf.getvalue())))
    assert later.infolist()[0].date_time == (2023, 11, 14, 22, 13, 20)
    assert [i.filename for i in later.infolist()] == ["[Content_Types].xml", "word/document.xml"]


@pytest.mark.parametrize(
    "value, message",
    [
        ("abc", "SOURCE_DATE_EPOCH='abc' is not a whole number of seconds"),
        ("1.5e9", "SOURCE_DATE_EPOCH='1.5e9' is not a whole number of seconds"),
        ("-5", "SOURCE_DATE_EPOCH='-5' is not a whole number of seconds"),
        ("99999999999", "SOURCE_DATE_EPOCH=99999999999 is after 2107"),
    ],
)
def test_a_malformed_source_date_epoch_is_an_error_not_a_guess(monkeypatch, value, message):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(SettingError, match=re.escape(message)):
        reprozip.build_time()


def test_source_date_is_none_unless_set_and_never_before_1980(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert reprozip.source_date() is None and reprozip.build_time() == reprozip.ZIP_EPOCH
    monkeypatch.setenv("SOURCE_DATE_EPOCH", " ")
    assert reprozip.source_date() is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert reprozip.source_date() == reprozip.ZIP_EPOCH
