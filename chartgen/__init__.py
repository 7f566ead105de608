"""chartgen: foot-reflexology spine charts (poster, card, booklet) as print-ready PDFs."""

__version__ = "0.1.0"

from chartgen import _compat

_compat.register_rlbidi()  # before any chartgen module imports ReportLab; the other mends wait (see _compat.py)
