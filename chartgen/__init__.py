"""chartgen: foot-reflexology spine charts (poster, card, booklet) as print-ready PDFs."""

__version__ = "0.1.0"

from chartgen import _compat

_compat.install()  # the library mends, once, before any chartgen module imports ReportLab (see _compat.py)
