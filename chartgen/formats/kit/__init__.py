"""The page kit every format draws with, one module per piece: panels, bullets, print marks, document metadata,
and the --pdfx options of the formats a print shop trims.

Colour arithmetic (tints, contrast, text colour on a fill) is in chartgen.colour, shared with the diagram.
"""
