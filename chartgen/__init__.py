"""chartgen: foot-reflexology spine charts (poster, card, booklet) as print-ready PDFs."""

__version__ = "0.1.0"
