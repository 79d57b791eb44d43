"""What a notebook shows: headings, sentences, tables and figures as escaped HTML.

Every string that came from data is escaped here, once; notebooks never build
HTML themselves. Headings carry metadata from which the report's table of
contents is built.
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

SECTION_KEY = "copcwb_section"


def escape(value: object) -> str:
    """HTML-escape any value shown in a report (quotes included)."""
    return html.escape("" if value is None else str(value), quote=True)


def slug(title: str) -> str:
    """A stable HTML id for a heading: 'Data profile' -> 'data-profile'."""
    text = re.sub(r"[^\w\s-]", "", title, flags=re.UNICODE).strip().lower()
    return re.sub(r"[\s_]+", "-", text) or "section"


def _show(markup: str, metadata: Mapping | None = None) -> None:
    from IPython.display import HTML, display

    display(HTML(markup), metadata=dict(metadata or {}))


def heading_html(title: str, level: int = 2, *, number: str = "") -> str:
    anchor = slug(f"{number} {title}" if number else title)
    label = f"{escape(number)} {escape(title)}" if number else escape(title)
    return f'<h{level} id="{anchor}" class="copcwb-section">{label}</h{level}>'


def section(title: str, level: int = 2, *, number: str = "") -> None:
    """Show a heading that appears in the report's table of contents."""
    anchor = slug(f"{number} {title}" if number else title)
    _show(
        heading_html(title, level, number=number),
        {SECTION_KEY: {"title": f"{number} {title}".strip(), "id": anchor, "level": level}},
    )


def paragraphs_html(lines: Iterable[str], *, css: str = "copcwb-text") -> str:
    return "".join(f'<p class="{css}">{escape(line)}</p>' for line in lines)


def sentences(lines: Iterable[str], *, css: str = "copcwb-text") -> None:
    """Show plain-text sentences (escaped), one paragraph each."""
    _show(paragraphs_html(lines, css=css))


def bullets(lines: Iterable[str]) -> None:
    """Show plain-text sentences as an escaped bullet list."""
    _show('<ul class="copcwb-list">' + "".join(f"<li>{escape(x)}</li>" for x in lines) + "</ul>")


def note(line: str) -> None:
    """Show a highlighted note (for example a placeholder warning)."""
    _show(f'<div class="copcwb-note">{escape(line)}</div>')


def _format(value: object, fmt: str | None) -> str:
    if _is_missing(value):
        return "–"
    if fmt and isinstance(value, (int, float)) and not isinstance(value, bool):
        return format(value, fmt)
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def _is_missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value))


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _cell_class(value: object) -> str:
    return "num" if _is_number(value) else ""


def sort_value(value: object) -> str:
    """What a sortable table sorts a cell by (its ``data-sort``): a number as its raw
    value (``0.8123``, not "81.2%"), a missing value as "" (sorted last), anything else
    as its text."""
    if _is_missing(value):
        return ""
    if _is_number(value):
        return repr(float(value)) if isinstance(value, float) else str(int(value))
    return str(value)


#: tables longer than this scroll in a box of their own, under a header that stays in view
SCROLL_ROWS = 25


def _cell(value: object, fmt: str | None, key: object) -> str:
    """One ``<td>``: numbers (or cells given a sort key) carry ``data-sort``."""
    shown = escape(_format(value, fmt))
    if key is not _NO_KEY:
        return (
            f'<td class="{_cell_class(value)}" data-sort="{escape(sort_value(key))}">{shown}</td>'
        )
    if _is_number(value):
        return f'<td class="num" data-sort="{escape(sort_value(value))}">{shown}</td>'
    return f'<td class="">{shown}</td>'


_NO_KEY = object()


def table_html(
    frame: pd.DataFrame,
    *,
    caption: str | None = None,
    formats: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    row_classes: Iterable[str] | None = None,
    sort_keys: Mapping[str, Sequence[object]] | None = None,
    max_rows: int = 1000,
) -> str:
    """An escaped HTML table; ``formats`` maps column -> format spec (e.g. '.1%').

    The table sorts by a click on a column header (the report's script): numbers by
    their raw value, ``sort_keys`` (column -> one raw value per row) for columns whose
    cells are text written from numbers ("61.7 s"). Its header stays in view; more
    than ``SCROLL_ROWS`` rows scroll in a box of their own.
    """
    formats, headers = dict(formats or {}), dict(headers or {})
    shown = frame.head(max_rows)
    classes = list(row_classes) if row_classes is not None else [""] * len(shown)
    keys = {c: list(v) for c, v in (sort_keys or {}).items()}
    head = "".join(f'<th tabindex="0">{escape(headers.get(c, c))}</th>' for c in shown.columns)
    body = []
    for i, (css, (_, row)) in enumerate(zip(classes, shown.iterrows(), strict=False)):
        cells = "".join(
            _cell(v, formats.get(c), keys[c][i] if c in keys else _NO_KEY) for c, v in row.items()
        )
        body.append(f'<tr class="{escape(css)}">{cells}</tr>')
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    more = (
        f'<p class="copcwb-more">{len(frame) - max_rows} more rows not shown.</p>'
        if len(frame) > max_rows
        else ""
    )
    wrap = "copcwb-table-wrap copcwb-scroll" if len(shown) > SCROLL_ROWS else "copcwb-table-wrap"
    return (
        f'<div class="{wrap}"><table class="copcwb-table copcwb-sortable">{cap}'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>{more}"
    )


def table(frame: pd.DataFrame, **kw) -> None:
    """Show a DataFrame as an escaped HTML table (see ``table_html``)."""
    _show(table_html(frame, **kw))


def compact_png(data: bytes, colors: int = 256) -> bytes:
    """A PNG redrawn on at most ``colors`` colours (an adaptive palette, no dithering):
    a chart's flat fills and anti-aliased edges survive, at a third of the bytes or
    less. The original when the palette version is not smaller."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        rgba = image.convert("RGBA")
    flat = Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("RGB")
    paletted = flat.quantize(colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    paletted.save(out, format="png", optimize=True)
    return out.getvalue() if out.tell() < len(data) else data


def figure_html(fig: Figure, *, alt: str, caption: str | None = None, dpi: int = 110) -> str:
    """A matplotlib figure as an inline PNG with alt text (no timestamp in the file,
    on a compact palette, see ``compact_png``)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    data = base64.b64encode(compact_png(buffer.getvalue())).decode("ascii")
    cap = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return (
        f'<figure class="copcwb-figure"><img src="data:image/png;base64,{data}" '
        f'alt="{escape(alt)}"/>{cap}</figure>'
    )


def figure(fig: Figure, *, alt: str, caption: str | None = None) -> None:
    """Show a matplotlib figure with alt text, then close it."""
    import matplotlib.pyplot as plt

    _show(figure_html(fig, alt=alt, caption=caption))
    plt.close(fig)


def anchors(names: Iterable[str], *, prefix: str) -> dict[str, str]:
    """A unique HTML id for each name: ``prefix-slug`` ("program-consumer-billing-01"),
    with a number added where two names give the same slug."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        base = f"{prefix}-{slug(str(name))}"
        anchor, n = base, 2
        while anchor in used:
            anchor, n = f"{base}-{n}", n + 1
        used.add(anchor)
        out[name] = anchor
    return out


def anchored_heading_html(title: str, anchor: str, level: int = 4) -> str:
    """A heading with the id ``anchor`` that stays out of the table of contents (a
    jump list links to it)."""
    return f'<h{level} id="{escape(anchor)}" class="copcwb-anchor">{escape(title)}</h{level}>'


def jump_list_html(label: str, links: Mapping[str, str]) -> str:
    """A compact list of links to anchors in the page: ``links`` maps the text shown
    to the anchor id."""
    items = "".join(
        f'<li><a href="#{escape(a)}">{escape(name)}</a></li>' for name, a in links.items()
    )
    return (
        f'<nav class="copcwb-jump" aria-label="{escape(label)}">'
        f"<p>{escape(label)}</p><ul>{items}</ul></nav>"
    )


def jump_list(label: str, links: Mapping[str, str]) -> None:
    """Show a jump list (see ``jump_list_html``)."""
    _show(jump_list_html(label, links))


def anchored_heading(title: str, anchor: str, level: int = 4) -> None:
    """Show a heading a jump list links to (see ``anchored_heading_html``)."""
    _show(anchored_heading_html(title, anchor, level))
