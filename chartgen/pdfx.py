"""A finished chartgen PDF (RGB, with bleed) -> the same document as PDF/X-3 for an offset print shop.

In: the PDF bytes a format made with `--bleed` and the print shop's CMYK ICC profile (or None for Ghostscript's
own). Out: PDF/X-3:2003 bytes: CMYK only (no RGB in any content stream or image), an output intent (/GTS_PDFX)
carrying the CMYK profile, every font embedded, no transparency, the TrimBox and BleedBox of the input, and black
and grey text in black ink alone (K), never four-colour black.

The steps: transparency is flattened (chartgen/flatten.py: PDF/X-3 forbids it, and Ghostscript would otherwise turn
each page into one picture, text and all); the text greys are set as K tints of the same lightness on the press
the profile describes; Ghostscript (an external program found on PATH, run as a separate process: chartgen links
none of its code) converts the rest to the profile's CMYK and writes PDF/X-3; pikepdf puts back the exact boxes,
the document information and language, and gives the file fixed dates and ID, so the same input and
SOURCE_DATE_EPOCH give the same bytes.
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Name, Operator

from chartgen import colour, files, flatten, layout
from chartgen import pdf as pdf_module
from chartgen.errors import InputError, Problem

PDFX_VERSION = "PDF/X-3:2003"
"""What the document information's /GTS_PDFXVersion says: PDF/X-3 as of ISO 15930-6 (based on PDF 1.4, which is
chartgen.pdf.PDF_VERSION: the header and Ghostscript's compatibility level)."""
GHOSTSCRIPT = "gs"
MISSING_GHOSTSCRIPT = ("ghostscript is not installed: install the 'ghostscript' package (apt-get install ghostscript) "
                       "to make PDF/X")
DEFAULT_PROFILE = "default_cmyk.icc"
"""Ghostscript's own CMYK profile (Artifex's SWOP-like CMYK), the output intent when no --icc is given."""
PROFILE_FOLDERS = (Path("/usr/share/color/icc/ghostscript"), Path("/usr/local/share/color/icc/ghostscript"))
"""Where Debian, Ubuntu and a source build put Ghostscript's profiles, tried after the folders `gs -h` names."""
ICC_SIZE = (132, 20_000_000)
"""Bytes an ICC profile may have: a header and a tag count at least; a print shop's CMYK profile is a few MB."""
FALLBACK_DATE = "D:19700101000000Z"
"""The dates of a PDF/X file made without SOURCE_DATE_EPOCH: PDF/X needs a creation date, and a run's clock time
would make each run's file different; 1970 is plainly no real date. Set SOURCE_DATE_EPOCH to date the file."""
TIMEOUT_SECONDS = 600
BOXES = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox")
RGB_TOLERANCE = 1 / 255


def ghostscript() -> Path:
    """The Ghostscript program on PATH, or the one-line InputError saying which package to install."""
    found = shutil.which(GHOSTSCRIPT)
    if found is None:
        raise InputError(Problem(MISSING_GHOSTSCRIPT, key="--pdfx"))
    return Path(found)


@dataclass(frozen=True)
class Profile:
    """A CMYK output profile: its bytes and what the output intent calls it."""

    data: bytes
    description: str


def read_icc(path: Path) -> Profile:
    """The print shop's profile at `path`, checked: an ICC profile (signature 'acsp', version 2, as PDF/X-3 asks)
    of an output device ('prtr') in CMYK, of a sensible size, that littleCMS can use; anything else is a one-line
    InputError naming --icc and the file."""
    data = files.read_bytes(path, limit=ICC_SIZE[1], what="ICC profile", key="--icc")
    description = _checked_icc(data, path)
    from PIL import ImageCms

    try:
        _black_ink_lightness(data)
    except (ImageCms.PyCMSError, OSError, ValueError) as error:
        raise InputError(Problem(f"littleCMS cannot use this CMYK profile ({error}); ask your print shop for the "
                                 "profile as an .icc file", file=path, key="--icc")) from None
    return Profile(data, description)


def _checked_icc(data: bytes, path: Path) -> str:
    """The description of the CMYK output profile `data` (read from `path`), or an InputError saying what it is
    instead."""

    def wrong(message: str) -> InputError:
        return InputError(Problem(f"{message}; give the CMYK profile (.icc) your print shop names, e.g. "
                                  "ISO Coated v2 (FOGRA39) or PSO Coated v3", file=path, key="--icc"))

    if len(data) < ICC_SIZE[0] or data[36:40] != b"acsp":
        raise wrong("is not an ICC colour profile")
    declared = int.from_bytes(data[0:4], "big")
    if declared > len(data):
        raise wrong(f"is cut short: its header says {declared:,} bytes, the file has {len(data):,}")
    space = data[16:20].decode("latin-1").strip()
    if space != "CMYK":
        raise wrong(f"is an ICC profile for {space or 'no'} colour, not CMYK")
    device = data[12:16]
    if device != b"prtr":
        raise wrong(f"is a CMYK profile of class {device.decode('latin-1')!r}, not of a printer ('prtr')")
    if data[8] > 2:
        raise wrong(f"is an ICC version {data[8]} profile, and PDF/X-3 (PDF 1.4) takes version 2 profiles: ask for "
                    "the version 2 one")
    return _description(data) or path.stem


def _description(data: bytes) -> str:
    """The profile's own name (its 'desc' tag), or "" if it has none that can be read."""
    count = int.from_bytes(data[128:132], "big")
    for entry in range(min(count, 200)):
        at = 132 + 12 * entry
        if data[at:at + 4] != b"desc":
            continue
        offset, size = int.from_bytes(data[at + 4:at + 8], "big"), int.from_bytes(data[at + 8:at + 12], "big")
        tag = data[offset:offset + size]
        if tag[:4] == b"desc":  # ICC v2: an ASCII string
            length = int.from_bytes(tag[8:12], "big")
            text = tag[12:12 + length].split(b"\0")[0].decode("latin-1")
        elif tag[:4] == b"mluc" and len(tag) >= 28:  # ICC v4: the first of its translations
            length, start = int.from_bytes(tag[20:24], "big"), int.from_bytes(tag[24:28], "big")
            text = tag[start:start + length].decode("utf-16-be", errors="replace")
        else:
            return ""
        return " ".join(text.split())
    return ""


@functools.cache
def _ghostscript_release(program: Path) -> str:
    """What `gs --version` says, e.g. "10.00.0"."""
    found = subprocess.run([str(program), "--version"], capture_output=True, text=True, check=False,
                           timeout=60, stdin=subprocess.DEVNULL, env=_environment())
    return found.stdout.strip()


def _ghostscript_version(program: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", _ghostscript_release(program))[:3]) or (0,)


@functools.cache
def _profile_folder(program: Path) -> Path:
    """The folder of Ghostscript's ICC profiles (default_cmyk.icc, default_rgb.icc...), found beside the folders
    on its own search path (`gs -h`) or where the Debian package puts them."""
    found = subprocess.run([str(program), "-h"], capture_output=True, text=True, check=False, timeout=60,
                           stdin=subprocess.DEVNULL, env=_environment())
    listed = found.stdout.split("Search path:", 1)[-1].split("\n\n", 1)[0] if "Search path:" in found.stdout else ""
    candidates: list[Path] = []
    for entry in re.split(r"\s:\s|\n", listed):
        folder = Path(entry.strip().rstrip(":").strip())
        if entry.strip():
            candidates += [folder / "iccprofiles", folder.parent / "iccprofiles", folder]
    candidates += PROFILE_FOLDERS
    for folder in candidates:
        if (folder / DEFAULT_PROFILE).is_file() and (folder / "default_rgb.icc").is_file():
            return folder
    raise InputError(Problem(
        f"cannot find Ghostscript's colour profiles ({DEFAULT_PROFILE}, default_rgb.icc): reinstall the "
        "'ghostscript' package", key="--pdfx"))


def _environment() -> dict[str, str]:
    """The environment for Ghostscript, without GS_OPTIONS (a user's options there could change the output)."""
    return {name: value for name, value in os.environ.items() if name != "GS_OPTIONS"}


def to_pdfx(pdf: bytes, *, icc: Path | None) -> bytes:
    """`pdf` as PDF/X-3 (see the module docstring), with `icc` (a print shop's CMYK profile) or Ghostscript's own
    as the output intent. A missing Ghostscript, an unusable profile or a failed conversion is an InputError."""
    program = ghostscript()
    folder = _profile_folder(program)
    profile = read_icc(icc if icc is not None else folder / DEFAULT_PROFILE)
    prepared, title = _prepared(pdf, profile)
    with tempfile.TemporaryDirectory(prefix="chartgen-pdfx-") as temporary:
        work = Path(temporary)
        profiles = work / "profiles"
        profiles.mkdir()
        # Ghostscript 10.0's pdfwrite converts to its *default* CMYK profile whatever -sOutputICCProfile says:
        # its profile folder, copied here with the shop's profile in place of default_cmyk.icc, makes it convert
        # to the profile the output intent names.
        for shipped in folder.glob("*.icc"):
            shutil.copyfile(shipped, profiles / shipped.name)
        (profiles / DEFAULT_PROFILE).write_bytes(profile.data)
        source, output, definitions = work / "in.pdf", work / "out.pdf", work / "pdfx.ps"
        source.write_bytes(prepared)
        definitions.write_text(_definitions(profiles / DEFAULT_PROFILE, profile.description, title),
                               encoding="ascii")
        _run(program, profiles, work, source, output, definitions)
        made = output.read_bytes()
    return _finished(made, pdf, program)


# ---------------------------------------------------------------- before Ghostscript


def _prepared(pdf: bytes, profile: Profile) -> tuple[bytes, str]:
    """`pdf` with its transparency flattened and its text greys set in K alone, and its title (the /Title of its
    document information, "" if it has none) for Ghostscript's document information."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        title = str(document.docinfo.get(Name.Title, ""))
        try:
            flatten.flatten(document)
        except flatten.CannotFlattenError as error:
            raise InputError(Problem(f"cannot make PDF/X-3, which allows no transparency: the document has {error}",
                                     key="--pdfx")) from None
        greys = _k_for_text_greys(profile.data)
        for instructions, owner, is_page in _content_streams(document):
            if _set_greys_in_k(instructions, greys):
                data = pikepdf.unparse_content_stream(instructions)
                if is_page:
                    owner[Name.Contents] = document.make_stream(data)
                else:
                    owner.write(data)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue(), title


def text_greys() -> tuple[str, ...]:
    """The colours chartgen sets text in that have (almost) no hue, as #RRGGBB: the palette's ink and muted grey,
    NEAR_BLACK and black. Printed from four inks, small letters in them blur wherever the plates are not
    perfectly in register; in black ink alone they stay sharp."""
    palette = layout.load_palette()
    return palette.ink, palette.muted, colour.NEAR_BLACK, colour.BLACK


def _k_for_text_greys(profile: bytes) -> dict[tuple[float, float, float], float]:
    """Each text grey (as r, g, b from 0 to 1) -> the black-ink tint that prints it as light on the press the
    `profile` describes (the same CIE L*): 100 % for anything darker than black ink alone can print."""
    return {colour.rgb(grey): _k_for_lightness(profile, colour.lightness(grey)) for grey in text_greys()}


@functools.cache
def _black_ink_lightness(profile: bytes) -> tuple[float, ...]:
    """L* of the black-ink tints 0, 1/255 ... 255/255 on the press `profile` describes (relative colorimetric)."""
    from PIL import Image, ImageCms

    cmyk = ImageCms.ImageCmsProfile(io.BytesIO(profile))
    lab = ImageCms.createProfile("LAB")
    transform = ImageCms.buildTransform(cmyk, lab, "CMYK", "LAB",
                                        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
    ramp = Image.new("CMYK", (256, 1))
    ramp.putdata([(0, 0, 0, k) for k in range(256)])
    measured = Image.new("LAB", (256, 1))
    transform.apply(ramp, measured)
    return tuple(float(measured.getpixel((k, 0))[0]) * 100 / 255 for k in range(256))  # type: ignore[index]


def _k_for_lightness(profile: bytes, lightness: float) -> float:
    for k, printed in enumerate(_black_ink_lightness(profile)):
        if printed <= lightness:
            return round(k / 255, 3)
    return 1.0


def _content_streams(document: pikepdf.Pdf) -> Iterable[tuple[list[flatten.Instruction], pikepdf.Object, bool]]:
    """Every page's content and every form XObject's, each form once: (instructions, owner, is it a page)."""
    seen: set[tuple[int, int]] = set()

    def forms(resources: object) -> Iterable[tuple[list[flatten.Instruction], pikepdf.Object, bool]]:
        xobjects = resources.get(Name.XObject) if isinstance(resources, pikepdf.Dictionary) else None
        if not isinstance(xobjects, pikepdf.Dictionary):
            return
        for _name, xobject in xobjects.items():
            if not isinstance(xobject, pikepdf.Stream) or xobject.get(Name.Subtype) != Name.Form \
                    or xobject.objgen in seen:
                continue
            seen.add(xobject.objgen)
            yield list(pikepdf.parse_content_stream(xobject)), xobject, False
            yield from forms(xobject.get(Name.Resources))

    for page in document.pages:
        yield list(pikepdf.parse_content_stream(page)), page.obj, True
        yield from forms(page.obj.get(Name.Resources))


def _set_greys_in_k(instructions: list[flatten.Instruction], greys: dict[tuple[float, float, float], float]) -> bool:
    """Rewrite each DeviceRGB colour that is one of `greys` into DeviceCMYK `0 0 0 K k` (fill) or `K` (stroke).

    RGB given by `sc`/`scn` in a DeviceRGB colour space is first written as `rg`/`RG` (the same colour), so no
    later `sc` depends on a colour space that a `k` has changed. Returns whether anything changed."""
    changed = False
    fill_rgb, stroke_rgb, saved = False, False, []
    for index, instruction in enumerate(instructions):
        op = str(instruction.operator)
        operands = list(getattr(instruction, "operands", []))
        if op == "q":
            saved.append((fill_rgb, stroke_rgb))
        elif op == "Q" and saved:
            fill_rgb, stroke_rgb = saved.pop()
        elif op in ("cs", "CS"):
            is_rgb = str(operands[0]) == "/DeviceRGB"
            fill_rgb, stroke_rgb = (is_rgb, stroke_rgb) if op == "cs" else (fill_rgb, is_rgb)
        elif op in ("sc", "scn", "SC", "SCN") and len(operands) == 3 and \
                (fill_rgb if op in ("sc", "scn") else stroke_rgb):
            op = "rg" if op in ("sc", "scn") else "RG"
            instructions[index] = pikepdf.ContentStreamInstruction(operands, Operator(op))
            changed = True
        elif op in ("g", "k", "rg"):
            fill_rgb = op == "rg"
        elif op in ("G", "K", "RG"):
            stroke_rgb = op == "RG"
        if op in ("rg", "RG") and len(operands) == 3:
            rgb = tuple(float(value) for value in operands)
            for grey, k in greys.items():
                if all(abs(a - b) <= RGB_TOLERANCE for a, b in zip(rgb, grey, strict=True)):
                    # fill_rgb and stroke_rgb keep following the colour spaces as the stream set them: every
                    # DeviceRGB `sc` after this is rewritten as `rg`, so none depends on this `k`.
                    instructions[index] = pikepdf.ContentStreamInstruction(
                        [0, 0, 0, k], Operator("k" if op == "rg" else "K"))
                    changed = True
                    break
    return changed


def _postscript_text(text: str) -> str:
    """`text` as a PostScript string a PDF reads as a text string: plain ASCII as it is, anything else in hex as
    UTF-16BE with its byte order mark."""
    if text.isascii() and text.isprintable() and not any(c in text for c in "()\\"):
        return f"({text})"
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _definitions(profile: Path, description: str, title: str) -> str:
    """The PostScript run before the document (as Ghostscript's lib/PDFX_def.ps): the document information
    PDF/X asks for and the output intent with the CMYK profile embedded."""
    path = "<" + os.fsencode(profile).hex().upper() + ">"
    name = _postscript_text(description)
    return f"""%!
% chartgen: PDF/X-3 document information and output intent (after Ghostscript's lib/PDFX_def.ps)
[ /GTS_PDFXVersion ({PDFX_VERSION}) /Title {_postscript_text(title)} /Trapped /False /DOCINFO pdfmark
[ /_objdef {{chartgen_icc}} /type /stream /OBJ pdfmark
[ {{chartgen_icc}} << /N 4 >> /PUT pdfmark
[ {{chartgen_icc}} {path} (r) file /PUT pdfmark
[ /_objdef {{chartgen_intent}} /type /dict /OBJ pdfmark
[ {{chartgen_intent}} <<
  /Type /OutputIntent /S /GTS_PDFX
  /OutputCondition {name} /OutputConditionIdentifier {name} /Info {name}
  /RegistryName (http://www.color.org)
  /DestOutputProfile {{chartgen_icc}}
>> /PUT pdfmark
[ {{Catalog}} << /OutputIntents [ {{chartgen_intent}} ] >> /PUT pdfmark
"""


# ---------------------------------------------------------------- Ghostscript


def ghostscript_arguments(program: Path, profiles: Path, work: Path, source: Path, output: Path,
                          definitions: Path, pdfx_flag: str) -> list[str]:
    """The command line that converts `source` to PDF/X-3 in `output`."""
    return [
        str(program), pdfx_flag, "-dBATCH", "-dNOPAUSE", "-dSAFER", "-dQUIET", "-sDEVICE=pdfwrite",
        "-dPDFSETTINGS=/prepress", "-sColorConversionStrategy=CMYK", "-sProcessColorModel=DeviceCMYK",
        f"-dCompatibilityLevel={pdf_module.PDF_VERSION}", "-dAutoRotatePages=/None", "-dEmbedAllFonts=true",
        "-dSubsetFonts=true",
        # Images (a logo, the flattened shading) stay lossless, as they came.
        "-dAutoFilterColorImages=false", "-dAutoFilterGrayImages=false",
        "-dColorImageFilter=/FlateEncode", "-dGrayImageFilter=/FlateEncode",
        f"-sICCProfilesDir={profiles}{os.sep}", f"-sOutputICCProfile={profiles / DEFAULT_PROFILE}",
        f"--permit-file-read={work}{os.sep}", f"-sOutputFile={output}", str(definitions), str(source),
    ]


def _run(program: Path, profiles: Path, work: Path, source: Path, output: Path, definitions: Path) -> None:
    """Run Ghostscript; its failure is an InputError with the last line it wrote.

    PDFX is a true/false parameter up to Ghostscript 10.0x and the number of the PDF/X part in later releases
    (3 for PDF/X-3): the form the version suggests is tried first, the other one if that fails."""
    flags = ["-dPDFX=3", "-dPDFX=true"] if _ghostscript_version(program) >= (10, 4) else \
        ["-dPDFX=true", "-dPDFX=3"]
    first_error = ""
    for flag in flags:
        output.unlink(missing_ok=True)
        try:
            done = subprocess.run(
                ghostscript_arguments(program, profiles, work, source, output, definitions, flag),
                capture_output=True, text=True, errors="replace", check=False, timeout=TIMEOUT_SECONDS,
                stdin=subprocess.DEVNULL, env=_environment(), cwd=work)
        except subprocess.TimeoutExpired:
            raise InputError(Problem(f"Ghostscript did not finish the PDF/X file in {TIMEOUT_SECONDS} s",
                                     key="--pdfx")) from None
        except OSError as error:
            raise InputError(Problem(f"cannot run Ghostscript ({program}): {error.strerror}", key="--pdfx")) from None
        if done.returncode == 0 and output.is_file() and output.stat().st_size > 0:
            return
        lines = [line.strip() for line in (done.stderr + "\n" + done.stdout).splitlines() if line.strip()]
        first_error = first_error or (lines[-1] if lines else f"exit status {done.returncode}")
    raise InputError(Problem(f"Ghostscript could not make the PDF/X file: {first_error}", key="--pdfx"))


# ---------------------------------------------------------------- after Ghostscript


def _finished(made: bytes, source: bytes, program: Path) -> bytes:
    """Ghostscript's PDF/X with the source's exact boxes, document information and language, PDF/X's own entries,
    fixed dates and a fixed ID; checked to hold no RGB."""
    with pikepdf.open(io.BytesIO(made)) as document, pikepdf.open(io.BytesIO(source)) as original:
        if len(document.pages) != len(original.pages):
            raise InputError(Problem(f"Ghostscript made {len(document.pages)} pages of {len(original.pages)}",
                                     key="--pdfx"))
        for page, before in zip(document.pages, original.pages, strict=True):
            for box in BOXES:
                if box in before.obj:
                    page.obj[Name(box)] = pikepdf.Array([value for value in before.obj[Name(box)]])
                elif box in page.obj:
                    del page.obj[Name(box)]
        info = document.docinfo
        for key in ("/Title", "/Subject", "/Author", "/Keywords", "/Creator"):
            if key in original.docinfo:
                info[Name(key)] = pikepdf.String(str(original.docinfo[Name(key)]))
        producer = str(original.docinfo.get(Name.Producer, "chartgen"))
        info[Name.Producer] = pikepdf.String(f"{producer}; PDF/X-3 by Ghostscript {_ghostscript_release(program)}")
        date = pdf_module.source_date() or FALLBACK_DATE  # pdf.finish dates the source only with SOURCE_DATE_EPOCH
        info[Name.CreationDate] = pikepdf.String(date)
        info[Name.ModDate] = pikepdf.String(date)
        info[Name.GTS_PDFXVersion] = pikepdf.String(PDFX_VERSION)
        info[Name.Trapped] = Name("/False")
        if Name.Lang in original.Root:
            document.Root[Name.Lang] = pikepdf.String(str(original.Root[Name.Lang]))
        if Name.OutputIntents not in document.Root:
            raise InputError(Problem("Ghostscript wrote no output intent; the file would not be PDF/X", key="--pdfx"))
        found = rgb_found(document)
        if found:
            raise InputError(Problem(f"Ghostscript left RGB colour in the file ({found[0]}); it is not PDF/X",
                                     key="--pdfx"))
        if Name.ID in document.trailer:
            del document.trailer[Name.ID]
        out = io.BytesIO()
        document.save(out, deterministic_id=True, force_version=pdf_module.PDF_VERSION, compress_streams=True,
                      object_stream_mode=pikepdf.ObjectStreamMode.disable)
        return out.getvalue()


def rgb_found(document: pikepdf.Pdf) -> list[str]:
    """Where `document` still uses RGB: DeviceRGB, CalRGB or a three-component ICC colour space in any
    resources or image, or an rg/RG operator in any content stream (pages and forms). Empty when there is none."""
    found: list[str] = []
    seen: set[tuple[int, int]] = set()

    def visit(owner: pikepdf.Object, where: str) -> None:
        found.extend(f"{where}: {op} operator" for op in sorted(_operators(owner) & {"rg", "RG"}))
        resources = owner.get(Name.Resources)
        if not isinstance(resources, pikepdf.Dictionary):
            return
        spaces = resources.get(Name.ColorSpace)
        if isinstance(spaces, pikepdf.Dictionary):
            found.extend(f"{where}: colour space {name}" for name, space in spaces.items() if _is_rgb(space))
        xobjects = resources.get(Name.XObject)
        for name, xobject in xobjects.items() if isinstance(xobjects, pikepdf.Dictionary) else ():
            if not isinstance(xobject, pikepdf.Stream) or xobject.objgen in seen:
                continue
            seen.add(xobject.objgen)
            if xobject.get(Name.Subtype) == Name.Image and _is_rgb(xobject.get(Name.ColorSpace)):
                found.append(f"{where}: image {name}")
            elif xobject.get(Name.Subtype) == Name.Form:
                visit(xobject, f"{where}/{name}")

    for number, page in enumerate(document.pages, start=1):
        visit(page.obj, f"page {number}")
    return found


def _operators(owner: pikepdf.Object) -> set[str]:
    return {str(instruction.operator) for instruction in pikepdf.parse_content_stream(owner)}


def _is_rgb(space: object) -> bool:
    """Whether the colour space `space` is RGB, or is based on RGB (an indexed, separation or DeviceN space)."""
    if isinstance(space, pikepdf.Name):
        return str(space) in ("/DeviceRGB", "/CalRGB")
    if not isinstance(space, pikepdf.Array) or len(space) == 0:
        return False
    family = str(space[0])
    if family == "/ICCBased":
        return int(space[1].get(Name.N, 0)) == 3
    if family in ("/Indexed", "/Separation", "/DeviceN"):
        return _is_rgb(space[1] if family == "/Indexed" else space[2])
    return family == "/CalRGB"
