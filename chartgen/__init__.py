"""chartgen: foot-reflexology spine charts (poster, card, booklet) as print-ready PDFs."""

__version__ = "0.1.0"

from chartgen import rtl as _rtl

_rtl.register()  # before anything imports ReportLab, which looks for `rlbidi` once
