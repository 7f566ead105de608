"""HTTP requests from the studio page -> the page, previews (PNG), PDFs, brand.yaml and --text files, zips.

Safe by default: only the Host names of the bound address and localhost are served (a DNS-rebinding page gets
400), every POST carries the run's token (a cross-site form gets 403), uploads are limited before they are
read, and an unexpected error becomes a plain message for the page and one line in the log, never a traceback.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
import secrets
import socket
import threading
import zipfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pypdfium2
import yaml
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from chartgen import __version__, overrides, schema
from chartgen import content as content_module
from chartgen.brand import BrandFile
from chartgen.errors import InputError
from chartgen.formats import format_named, names
from chartgen.formats.common import content_texts
from chartgen.studio import documents
from chartgen.studio.documents import FieldProblem, FormError, Upload
from chartgen.studio.fields import Field, format_fields
from chartgen.studio.page_texts import page_texts, ui_language

T = TypeVar("T")
HERE = Path(__file__).parent
TOKEN_HEADER = "x-chartgen-token"
CLIENT_HEADER = "x-chartgen-client"
SEQUENCE_HEADER = "x-chartgen-sequence"
REQUEST_MAX_BYTES = documents.LOGO_MAX_BYTES + documents.TEXT_FILE_MAX_BYTES + 200_000
"""Largest request body: a logo, a text file and the form's fields."""
FORM_MAX_FIELDS = 2_000
"""The text overrides are one field per text: about 200 in a language."""
PREVIEW_WIDTH_PX = 1000
"""The preview's page width (pixels): sharp on a laptop screen, fast to make."""
ZIPS_KEPT = 3
"""All-languages zips kept for download (each a few MB), newest last."""
LOG = logging.getLogger("chartgen.studio")
INTERNAL_ERROR = "chartgen could not make this; the problem was written to the studio's log"


@dataclass
class Studio:
    """One run's state: its token, the lock every drawing takes (ReportLab, matplotlib and pdfium are used from
    one thread at a time), each browser tab's newest preview, and the running all-languages zips."""

    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    drawing: threading.Lock = field(default_factory=threading.Lock)
    zipping: threading.Lock = field(default_factory=threading.Lock)
    """Held while an all-languages zip is made: one at a time, so previews wait for one language at most."""
    newest: dict[str, int] = field(default_factory=dict)
    zips: dict[str, ZipJob] = field(default_factory=dict)


@dataclass
class ZipJob:
    """Every language of one document, made in the background into a zip with manifest.json."""

    total: int
    done: int = 0
    data: bytes | None = None
    failed: list[str] = field(default_factory=list)
    cancelled: bool = False
    """Dropped for a newer zip: its thread stops at the next language."""
    error: str | None = None
    """Set when the zip could not be made at all."""


def create_app(*, hosts: tuple[str, ...] = ("127.0.0.1",), studio: Studio | None = None) -> Starlette:
    """The studio's app, answering only requests addressed to one of `hosts` or localhost."""
    state = studio or Studio()
    templates = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))

    def guarded(handler: Callable[[Request, Studio], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            if request.method == "POST" and not secrets.compare_digest(request.headers.get(TOKEN_HEADER, ""),
                                                                       state.token):
                return _problems(403, [FieldProblem("", "this page is out of date; reload it")])
            length = request.headers.get("content-length")
            if request.method == "POST" and length is None:
                # A body without a length (chunked) could not be refused before it is read: the form's files
                # would be read whole. The page's requests always have a length.
                return _problems(411, [FieldProblem("", "the request has no Content-Length")])
            if length is not None and (not length.isdigit() or int(length) > REQUEST_MAX_BYTES):
                return _problems(413, [FieldProblem("", f"the upload is larger than "
                                                        f"{REQUEST_MAX_BYTES / 1e6:.1f} MB")])
            try:
                return await handler(request, state)
            except Exception:  # the server's boundary: the page gets a plain message, the log one entry
                LOG.exception("studio: %s %s failed", request.method, request.url.path)
                return _problems(500, [FieldProblem("", INTERNAL_ERROR)])
        return endpoint

    async def index(request: Request, _state: Studio) -> Response:
        ui = ui_language(request.query_params.get("ui"), request.headers.get("accept-language", ""))
        page = templates.get_template("index.html").render(
            texts=page_texts(ui), ui=ui, token=state.token, version=__version__,
            setup=_setup(ui))
        return HTMLResponse(page, headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY,
                                           "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"})

    routes = [
        Route("/", guarded(index)),
        Route("/api/texts", guarded(_texts)),
        Route("/api/preview", guarded(_preview), methods=["POST"]),
        Route("/api/download", guarded(_download), methods=["POST"]),
        Route("/api/brand.yaml", guarded(_brand_yaml), methods=["POST"]),
        Route("/api/load-brand", guarded(_load_brand), methods=["POST"]),
        Route("/api/text.yaml", guarded(_text_yaml), methods=["POST"]),
        Route("/api/load-text", guarded(_load_text), methods=["POST"]),
        Route("/api/all-languages", guarded(_start_zip), methods=["POST"]),
        Route("/api/all-languages/{job}", guarded(_zip_progress)),
        Route("/api/all-languages/{job}/zip", guarded(_zip_download)),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    allowed = sorted({*(name for host in hosts for name in host_names(host)), *LOOPBACK_HOSTS})
    return Starlette(routes=routes, middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=allowed)],
                     exception_handlers={HTTPException: _http_error})


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")
WILDCARD_HOSTS = ("0.0.0.0", "::", "[::]")


def host_names(host: str) -> tuple[str, ...]:
    """The Host header values a browser sends to reach a studio bound to `host`: the address itself, or for a
    wildcard (every interface) this machine's name and its addresses."""
    if host not in WILDCARD_HOSTS:
        return (host,)
    name = socket.gethostname()
    try:
        _, aliases, addresses = socket.gethostbyname_ex(name)
    except OSError:
        aliases, addresses = [], []
    return (name, socket.getfqdn(), *aliases, *addresses)


CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
                           "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
"""Everything the page uses comes from the studio itself (no CDN; it works offline)."""


def _setup(ui: str) -> dict[str, Any]:
    """What the page builds its form from: every format's fields, every language by its own name."""
    texts = page_texts(ui)
    metas = [content_module.load_language(code).meta for code in content_module.available_languages()]
    languages = [{"code": meta.code, "name": meta.native_name, "direction": meta.direction} for meta in metas]
    formats = []
    for name in names():
        fmt = format_named(name)
        formats.append({"name": name, "label": texts.get(f"format.{name}", name),
                        "fields": [{"name": f.name, "option": f.option, "kind": f.kind,
                                    "label": texts.get(f"option.{f.option}", f.option.lstrip("-").replace("-", " ")),
                                    # The command line's help is English: another page language shows its own
                                    # help or none.
                                    "help": texts.get(f"help.{f.option}", _page_help(f) if ui == "en" else ""),
                                    "choices": list(f.choices), "default": f.default}
                                   for f in format_fields(fmt)]})
    chart = ui if ui in content_module.available_languages() else "en"
    zones = [{"id": zone_id, "name": zone.name}
             for zone_id, zone in content_module.load_language(chart).zones.ordered()]
    return {"formats": formats, "languages": languages, "zones": zones}


def _drawing(state: Studio, work: Callable[..., T]) -> Callable[..., T]:
    """`work` run holding the drawing lock (it checks a brand: svglib makes ReportLab objects)."""
    def locked(*args: Any) -> T:
        with state.drawing:
            return work(*args)
    return locked


def _page_help(field: Field) -> str:
    """A field's command-line help for the page: none for a choice whose help only lists its values
    ("A4|letter, any case (default: A4)"), as the list on the page shows them."""
    return "" if field.kind == "choice" and "|" in field.help else field.help


async def _texts(request: Request, _state: Studio) -> Response:
    try:
        content = content_module.load_language(request.query_params.get("lang", ""))
    except InputError as error:
        return _problems(400, documents.located(error, ()))
    return JSONResponse(content_texts(content))


async def _form(request: Request, *, file_field: str = "file") -> tuple[dict[str, str], Upload | None, Upload | None]:
    """The form's text fields, its logo and its uploaded text file (each read within its limit); a problem with
    the text file is shown at `file_field` (brand.file, text.file)."""
    form = await request.form(max_files=2, max_fields=FORM_MAX_FIELDS, max_part_size=documents.TEXT_FILE_MAX_BYTES)
    values = {key: value for key, value in form.multi_items() if isinstance(value, str)}
    return values, await _upload(form, "logo", "brand.logo", documents.LOGO_MAX_BYTES), \
        await _upload(form, "file", file_field, documents.TEXT_FILE_MAX_BYTES)


async def _uploaded_file(request: Request, field_name: str, missing: str) -> tuple[dict[str, str], Upload] | Response:
    """The form's fields and its uploaded file, or the answer that shows at `field_name` why there is none."""
    try:
        form, _, upload = await _form(request, file_field=field_name)
    except FormError as error:
        return _problems(422, error.problems)
    if upload is None:
        return _problems(422, [FieldProblem(field_name, f"file: {missing}")])
    return form, upload


async def _upload(form: FormData, name: str, field_name: str, limit: int) -> Upload | None:
    value = form.get(name)
    if not isinstance(value, UploadFile):
        return None
    data = await value.read(limit + 1)
    await value.close()
    if len(data) > limit:
        raise FormError([FieldProblem(field_name, f"{name}: the file is larger than {limit / 1e6:g} MB")])
    return Upload(data) if data else None


async def _preview(request: Request, state: Studio) -> Response:
    client = request.headers.get(CLIENT_HEADER, "")
    sequence_text = request.headers.get(SEQUENCE_HEADER, "0") or "0"
    if not sequence_text.isdigit():
        return _problems(400, [FieldProblem("", f"{SEQUENCE_HEADER} must be a whole number")])
    sequence = int(sequence_text)
    if client:
        state.newest[client] = max(sequence, state.newest.get(client, 0))
    try:
        form, logo, _ = await _form(request)

        def work() -> dict[str, Any] | None:
            with state.drawing:
                if client and sequence < state.newest.get(client, 0):
                    return None  # a newer preview of this tab is waiting: this one is dropped, not drawn
                job = documents.job_from(form, logo)
                data = documents.render(job)
                return {"name": job.name, "pages": _pngs(data)}

        answer = await run_in_threadpool(work)
    except FormError as error:
        return _problems(422, error.problems)
    if answer is None:
        return JSONResponse({"stale": True}, status_code=409)
    return JSONResponse({**answer, "problems": []})


def _pngs(data: bytes) -> list[str]:
    """Every page of the PDF as a PNG data URL, PREVIEW_WIDTH_PX wide."""
    document = pypdfium2.PdfDocument(data)
    try:
        pages = []
        for page in document:
            bitmap = page.render(scale=PREVIEW_WIDTH_PX / page.get_width())
            buffer = io.BytesIO()
            bitmap.to_pil().convert("RGB").save(buffer, format="PNG", compress_level=1)
            pages.append("data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"))
        return pages
    finally:
        document.close()


async def _download(request: Request, state: Studio) -> Response:
    try:
        form, logo, _ = await _form(request)

        def work() -> tuple[str, bytes]:
            with state.drawing:
                job = documents.job_from(form, logo)
                return job.name, documents.render(job)

        name, data = await run_in_threadpool(work)
    except FormError as error:
        return _problems(422, error.problems)
    return Response(data, media_type="application/pdf", headers=_attachment(name))


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


async def _brand_yaml(request: Request, state: Studio) -> Response:
    """brand.yaml of the brand fields (checked first); the logo is named logo.png/.jpg/.svg beside it."""
    try:
        form, logo, _ = await _form(request)
        brand = await run_in_threadpool(_drawing(state, documents.brand_from), form, logo)
    except FormError as error:
        return _problems(422, error.problems)
    except InputError as error:
        return _problems(422, documents.located(error, ()))
    if brand is None:
        return _problems(422, [FieldProblem("brand.name", "name: is missing; add it")])
    document: dict[str, Any] = {key: getattr(brand, key) for key in documents.BRAND_KEYS if getattr(brand, key)}
    if brand.logo is not None:
        document["logo"] = brand.logo.name
    if brand.lines:
        document["line"] = dict(brand.lines)
    text = "# brand.yaml, made by chartgen studio: use it with --brand brand.yaml\n"
    if brand.logo is not None:
        text += f"# Keep your logo beside this file, named {brand.logo.name}.\n"
    text += yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    return Response(text, media_type="application/yaml", headers=_attachment("brand.yaml"))


async def _load_brand(request: Request, _state: Studio) -> Response:
    """The brand fields of an uploaded brand.yaml, checked against its schema (its logo is uploaded apart)."""
    received = await _uploaded_file(request, "brand.file", "choose a brand.yaml file")
    if isinstance(received, Response):
        return received
    _, upload = received
    try:
        text = upload.data.decode("utf-8")
        raw = schema.build_located(BrandFile, schema.compose_text(text, source="brand.yaml"), source="brand.yaml")[0]
    except (UnicodeDecodeError, InputError) as error:
        message = "brand.yaml: is not UTF-8 text" if isinstance(error, UnicodeDecodeError) else str(error)
        return _problems(422, [FieldProblem("brand.file", line) for line in message.splitlines()])
    values = {key: getattr(raw, key) or "" for key in documents.BRAND_KEYS}
    return JSONResponse({"values": values, "lines": raw.line or {}, "logo": raw.logo or ""})


async def _text_yaml(request: Request, state: Studio) -> Response:
    """The --text file of the changed texts (checked first: unknown keys, glyphs)."""
    try:
        form, _, _ = await _form(request)
        code = form.get("lang", "")
        changed = documents.text_overrides(form, code)
        await run_in_threadpool(_drawing(state, documents.content_for), code, changed)
    except FormError as error:
        return _problems(422, error.problems)
    except InputError as error:
        return _problems(422, documents.located(error, ()))
    if not changed:
        return _problems(422, [FieldProblem("", "no text is changed: there is nothing to save")])
    text = (f"# chartgen --text file: your own wording of some texts, made by chartgen studio.\n"
            f"# Use it with: chartgen poster --lang {code} --text text-{code}.yaml\n")
    text += yaml.safe_dump({"lang": code, **changed}, allow_unicode=True, sort_keys=False, width=100)
    return Response(text, media_type="application/yaml", headers=_attachment(f"text-{code}.yaml"))


async def _load_text(request: Request, _state: Studio) -> Response:
    """The changed texts of an uploaded --text file, as dotted keys, checked as the command line checks it."""
    received = await _uploaded_file(request, "text.file", "choose a text file")
    if isinstance(received, Response):
        return received
    form, upload = received
    code = form.get("lang", "")
    try:
        text = upload.data.decode("utf-8")
        loaded = overrides.parse(text, source="text file")
        content = await run_in_threadpool(overrides.load_language, loaded.lang or code, loaded)
    except UnicodeDecodeError:
        return _problems(422, [FieldProblem("text.file", "text file: is not UTF-8 text")])
    except InputError as error:
        return _problems(422, [FieldProblem("text.file", str(problem)) for problem in error.problems])
    shipped = content_texts(content_module.load_language(content.meta.code))
    changed = {key: value for key, value in content_texts(content).items() if shipped.get(key) != value}
    return JSONResponse({"lang": content.meta.code, "texts": changed})


async def _start_zip(request: Request, state: Studio) -> Response:
    """Start making the document in every language; answer with the job to ask about."""
    try:
        form, logo, _ = await _form(request)
        # the form's own problems first, at once
        await run_in_threadpool(_drawing(state, documents.job_from), form, logo)
    except FormError as error:
        return _problems(422, error.problems)
    codes = content_module.available_languages()
    job_id = secrets.token_urlsafe(12)
    for old in list(state.zips)[:max(0, len(state.zips) - ZIPS_KEPT + 1)]:  # a long-running studio does not grow
        state.zips.pop(old).cancelled = True
    job = state.zips[job_id] = ZipJob(total=len(codes))
    threading.Thread(target=_make_zip, args=(state, job, form, logo, codes), daemon=True).start()
    return JSONResponse({"job": job_id, "total": job.total})


def _make_zip(state: Studio, job: ZipJob, form: dict[str, str], logo: Upload | None, codes: tuple[str, ...]) -> None:
    """Every language's document into a zip with manifest.json (file, language, format, bytes, sha256; and each
    language that could not be made, with its problems). One zip is made at a time; a dropped job stops."""
    try:
        with state.zipping:
            if not job.cancelled:
                job.data = _zip(state, job, form, logo, codes)
    except Exception:  # the thread's boundary: the page is told, the log has the rest
        LOG.exception("all languages: the zip failed")
        job.error = INTERNAL_ERROR


def _zip(state: Studio, job: ZipJob, form: dict[str, str], logo: Upload | None, codes: tuple[str, ...]) -> bytes:
    buffer = io.BytesIO()
    entries: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for code in codes:
            if job.cancelled:
                break
            try:
                with state.drawing:
                    document = documents.job_from(form, logo, lang=code)
                    data = documents.render(document)
            except FormError as error:
                failures.append({"language": code, "problems": [p.message for p in error.problems]})
                job.failed.append(code)
            else:
                _store(archive, document.name, data)
                entries.append({"file": document.name, "language": code, "format": document.fmt.name,
                                "paper": document.fmt.paper_label(document.request.settings),
                                "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()})
            job.done += 1
        manifest = {"chartgen": __version__, "documents": entries, "failed": failures}
        _store(archive, "manifest.json", (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode())
    return buffer.getvalue()


def _store(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))  # no clock in the zip: same inputs, same zip
    archive.writestr(info, data)


async def _zip_progress(request: Request, state: Studio) -> Response:
    job = state.zips.get(request.path_params["job"])
    if job is None:
        return _problems(404, [FieldProblem("", "no such job: make it again")])
    if job.error is not None:
        return _problems(500, [FieldProblem("", job.error)])
    return JSONResponse({"done": job.done, "total": job.total, "ready": job.data is not None,
                         "failed": job.failed})


async def _zip_download(request: Request, state: Studio) -> Response:
    job = state.zips.get(request.path_params["job"])
    if job is None or job.data is None:
        return _problems(404, [FieldProblem("", "the zip is not ready")])
    return Response(job.data, media_type="application/zip", headers=_attachment("chartgen-all-languages.zip"))


def _problems(status: int, problems: list[FieldProblem]) -> JSONResponse:
    return JSONResponse({"problems": [{"field": p.field, "message": p.message} for p in problems]},
                        status_code=status)


async def _http_error(_request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    return _problems(error.status_code, [FieldProblem("", str(error.detail))])


