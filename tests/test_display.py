"""Everything shown goes through escaping; headings feed the table of contents."""

import pandas as pd

from copcwb import display

PAYLOAD = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"


def test_table_escapes_cells_headers_and_caption():
    frame = pd.DataFrame({PAYLOAD: [PAYLOAD], "n": [3]})
    html = display.table_html(frame, caption=PAYLOAD)
    assert "<img" not in html and "<script>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_sentences_and_headings_escape():
    assert "<script>" not in display.paragraphs_html([PAYLOAD])
    heading = display.heading_html(PAYLOAD, number="2")
    assert "<script>" not in heading and heading.startswith('<h2 id="2-')


def test_figure_alt_text_is_escaped_and_png_inline():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    html = display.figure_html(fig, alt='say "hi" <b>', caption=PAYLOAD)
    plt.close(fig)
    assert 'alt="say &quot;hi&quot; &lt;b&gt;"' in html
    assert 'src="data:image/png;base64,' in html
    assert "<script>" not in html


def test_formats():
    html = display.table_html(
        pd.DataFrame({"share": [0.8123], "n": [1234]}), formats={"share": ".1%", "n": ","}
    )
    assert "81.2%" in html and "1,234" in html
