"""Chinese chart text is drawn with a CJK face: matplotlib emits no "Glyph ... missing
from font(s)" warning. Skipped where the Noto Sans CJK fonts are not installed (Debian
fonts-noto-cjk, see scripts/system-packages.sh)."""

from __future__ import annotations

import io

import matplotlib
import pytest

from copcwb.charts import FONTS, configure_fonts, has_font
from copcwb.i18n import text

matplotlib.use("Agg")

LABELS = {
    "zh-Hant": ("baseline.accuracy.title", "baseline.accuracy.xlabel", "baseline.col.program"),
    "zh-Hans": ("forecast.hourly.title", "forecast.hourly.x", "forecast.col.queue"),
}


@pytest.fixture
def restore_rcparams():
    with matplotlib.rc_context():
        yield


def draw(title: str, xlabel: str, ylabel: str) -> None:
    """A small chart with negative ticks (the minus sign) and the labels, rendered to PNG
    (glyphs are looked up when the figure is drawn)."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3))
    ax.bar(["甲", "乙", "丙"], [-0.2, 0.5, 1.0])
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(["±5%，≤ 30 秒 → 目標"])
    fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)


@pytest.mark.parametrize("lang", ["zh-Hant", "zh-Hans"])
def test_chinese_chart_text_has_every_glyph(lang, recwarn, restore_rcparams):
    chosen = configure_fonts(lang)
    face = FONTS[lang][0]
    if not has_font(face):
        pytest.skip(f"{face} is not installed (apt-get install fonts-noto-cjk)")
    assert chosen[:2] == [face, "DejaVu Sans"]
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    title, xlabel, ylabel = (
        text(key, lang, confidence="95%", denominator="x") for key in LABELS[lang]
    )
    draw(title, xlabel, ylabel)
    missing = [str(w.message) for w in recwarn if "missing from font" in str(w.message)]
    assert not missing, missing


def test_without_a_cjk_face_the_warning_appears(restore_rcparams):
    # The check above can fail: with matplotlib's English defaults the same text warns.
    configure_fonts("en")
    with pytest.warns(UserWarning, match=r"Glyph \d+ .* missing from font"):
        draw("關鍵錯誤準確率", "月份", "專案")


def test_english_keeps_the_settings_the_process_started_with(restore_rcparams):
    configure_fonts("zh-Hant")
    configure_fonts("en")
    for key in ("font.family", "font.sans-serif", "axes.unicode_minus"):
        assert matplotlib.rcParams[key] == matplotlib.rcParamsOrig[key]


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language"):
        configure_fonts("ja")
