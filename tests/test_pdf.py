"""PDF finishing: SOURCE_DATE_EPOCH sets the dates (writing files: tests/test_files.py)."""

from __future__ import annotations

import io

import pytest
from reportlab.pdfgen.canvas import Canvas

from chartgen import pdf
from chartgen.errors import InputError
from conftest import pdf_reader


def _blank_page() -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(100, 100), invariant=1)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


INFO = pdf.DocumentInfo(title="T", subject="S", author="A", lang="de")


def test_source_date_epoch_sets_dates(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    reader = pdf_reader(pdf.finish(_blank_page(), info=INFO))
    assert reader.metadata["/CreationDate"] == "D:19700101000000Z"
    assert reader.trailer["/Root"]["/Lang"] == "de"


def test_no_source_date_epoch_means_no_dates(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    reader = pdf_reader(pdf.finish(_blank_page(), info=INFO))
    assert "/CreationDate" not in reader.metadata
    assert reader.metadata.title == "T"


def test_bad_source_date_epoch_is_an_input_error(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(InputError) as caught:
        pdf.source_date()
    assert "SOURCE_DATE_EPOCH must be a whole number" in str(caught.value)


def test_stamp_lands_at_its_box():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(100, 100), invariant=1)
    canvas.setFillColorRGB(1, 0, 0)
    canvas.rect(0, 0, 10, 10, stroke=0, fill=1)
    canvas.showPage()
    canvas.save()
    out = pdf.finish(_blank_page(), stamps=[pdf.Stamp(0, buffer.getvalue(), 50, 60)], info=INFO)
    content = pdf_reader(out).pages[0].get_contents().get_data()
    assert b"1 0 0 1 50.000 60.000 cm /ChartgenArt0 Do" in content
