"""Chart fonts for the report's language.

Chinese chart text needs a font with CJK glyphs, or matplotlib draws empty boxes
and warns "Glyph ... missing from font(s)". ``configure_fonts`` puts the Noto Sans
CJK face of the language first (Debian's fonts-noto-cjk, installed by
``scripts/system-packages.sh``) with DejaVu Sans behind it for anything it lacks.
It changes matplotlib's rcParams of the running process, so it is called once,
when a notebook opens its session, never on import.
"""

from __future__ import annotations

from copcwb.i18n import check_language

#: the sans-serif faces put first, per language; matplotlib falls back glyph by glyph
#: along the list, so Latin letters and symbols the CJK face lacks come from DejaVu Sans
FONTS: dict[str, tuple[str, ...]] = {
    "zh-Hant": ("Noto Sans CJK TC", "DejaVu Sans"),
    "zh-Hans": ("Noto Sans CJK SC", "DejaVu Sans"),
}
_KEYS = ("font.family", "font.sans-serif", "axes.unicode_minus")


def configure_fonts(lang: str) -> list[str]:
    """Set matplotlib's font family for ``lang``; returns the sans-serif list set.

    Chinese: the language's Noto Sans CJK face first, then DejaVu Sans, and the ASCII
    hyphen as the minus sign (the usual choice with CJK faces, many of which lack U+2212).
    English: the settings the process started with (matplotlibrc), so English charts
    stay as they were.
    """
    import matplotlib

    check_language(lang)
    for key in _KEYS:
        matplotlib.rcParams[key] = matplotlib.rcParamsOrig[key]
    if lang in FONTS:
        faces = list(FONTS[lang])
        _register_cjk(faces[0])
        rest = [f for f in matplotlib.rcParams["font.sans-serif"] if f not in faces]
        matplotlib.rcParams["font.family"] = ["sans-serif"]
        matplotlib.rcParams["font.sans-serif"] = faces + rest
        matplotlib.rcParams["axes.unicode_minus"] = False
    return list(matplotlib.rcParams["font.sans-serif"])


def _register_cjk(face: str) -> None:
    """Make ``face`` known to matplotlib when it is installed but missing from
    matplotlib's font cache (a cache built before fonts-noto-cjk was installed)."""
    from pathlib import Path

    from matplotlib import font_manager

    if has_font(face):
        return
    for path in font_manager.findSystemFonts():
        if Path(path).name.startswith("NotoSansCJK"):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError):  # an unreadable file: skip it, as matplotlib does
                continue


def has_font(name: str) -> bool:
    """True when matplotlib can find the font family ``name`` on this machine."""
    from matplotlib import font_manager

    return any(font.name == name for font in font_manager.fontManager.ttflist)
