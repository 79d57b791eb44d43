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
from collections.abc import Iterable, Mapping
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
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return "–"
    if fmt and isinstance(value, (int, float)) and not isinstance(value, bool):
        return format(value, fmt)
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def _cell_class(value: object) -> str:
    return "num" if isinstance(value, (int, float)) and not isinstance(value, bool) else ""


def table_html(
    frame: pd.DataFrame,
    *,
    caption: str | None = None,
    formats: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    row_classes: Iterable[str] | None = None,
    max_rows: int = 200,
) -> str:
    """An escaped HTML table; ``formats`` maps column -> format spec (e.g. '.1%')."""
    formats = dict(formats or {})
    headers = dict(headers or {})
    shown = frame.head(max_rows)
    classes = list(row_classes) if row_classes is not None else [""] * len(shown)
    head = "".join(f"<th>{escape(headers.get(c, c))}</th>" for c in shown.columns)
    body = []
    for css, (_, row) in zip(classes, shown.iterrows(), strict=False):
        cells = "".join(
            f'<td class="{_cell_class(v)}">{escape(_format(v, formats.get(c)))}</td>'
            for c, v in row.items()
        )
        body.append(f'<tr class="{escape(css)}">{cells}</tr>')
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    more = (
        f'<p class="copcwb-more">{len(frame) - max_rows} more rows not shown.</p>'
        if len(frame) > max_rows
        else ""
    )
    return (
        f'<div class="copcwb-table-wrap"><table class="copcwb-table">{cap}'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>{more}"
    )


def table(frame: pd.DataFrame, **kw) -> None:
    """Show a DataFrame as an escaped HTML table (see ``table_html``)."""
    _show(table_html(frame, **kw))


def figure_html(fig: Figure, *, alt: str, caption: str | None = None, dpi: int = 110) -> str:
    """A matplotlib figure as an inline PNG with alt text (no timestamp in the file)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
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
