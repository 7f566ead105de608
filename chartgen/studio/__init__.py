"""chartgen studio: a local web page that makes every chart of the Format registry, with a live preview.

The pipeline: `fields` (a format's command-line options -> form fields), `documents` (a submitted form ->
the same Request the command line makes -> PDF bytes, PNG previews, one-line problems per field), `app`
(Starlette routes, Host and token checks, upload limits), `server` (uvicorn on 127.0.0.1, the browser opened).
"""
