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


def test_tables_are_sortable_and_numbers_carry_their_raw_value():
    frame = pd.DataFrame({"name": ["a", "b"], "share": [0.8123, None], "n": [1234, 5]})
    html = display.table_html(frame, formats={"share": ".1%", "n": ","})
    assert '<table class="copcwb-table copcwb-sortable">' in html
    # the cell shows 81.2% and sorts by 0.8123; a missing value sorts as "" (last)
    assert '<td class="num" data-sort="0.8123">81.2%</td>' in html
    assert '<td class="num" data-sort="1234">1,234</td>' in html
    assert 'data-sort="">–</td>' in html
    assert '<td class="">a</td>' in html  # text sorts by its text: no attribute


def test_sort_keys_give_text_cells_a_numeric_order():
    frame = pd.DataFrame({"metric": ["x", "y"], "value": ["61.7 s", "9.5 s"]})
    html = display.table_html(frame, sort_keys={"value": [61.7, 9.5]})
    assert 'data-sort="61.7">61.7 s</td>' in html and 'data-sort="9.5">9.5 s</td>' in html
    keyed = display.table_html(pd.DataFrame({"v": [PAYLOAD]}), sort_keys={"v": [PAYLOAD]})
    assert "<script>" not in keyed and "<img" not in keyed


def test_long_tables_scroll_in_a_box_of_their_own():
    short = display.table_html(pd.DataFrame({"n": range(display.SCROLL_ROWS)}))
    long = display.table_html(pd.DataFrame({"n": range(display.SCROLL_ROWS + 1)}))
    assert "copcwb-scroll" not in short and '<div class="copcwb-table-wrap copcwb-scroll">' in long


def test_anchors_are_unique_and_the_jump_list_escapes():
    anchors = display.anchors(["North 1", "North-1", "South"], prefix="program")
    assert anchors == {"North 1": "program-north-1", "North-1": "program-north-1-2",
                       "South": "program-south"}  # fmt: skip
    html = display.jump_list_html(PAYLOAD, {PAYLOAD: "program-x"})
    assert "<script>" not in html and '<a href="#program-x">' in html
    heading = display.anchored_heading_html(PAYLOAD, "program-x")
    assert heading.startswith('<h4 id="program-x"') and "<script>" not in heading


def test_compact_png_keeps_the_picture_on_fewer_bytes():
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from PIL import Image

    fig, ax = plt.subplots(figsize=(6, 4))
    ax.imshow(np.linspace(0, 1, 400).reshape(20, 20), cmap="RdYlGn")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    original = buffer.getvalue()
    compact = display.compact_png(original)
    assert len(compact) < len(original)
    with Image.open(io.BytesIO(original)) as a, Image.open(io.BytesIO(compact)) as b:
        assert a.size == b.size and b.mode == "P"
        # at most 256 colours; every pixel within a few levels of the original
        diff = np.abs(np.asarray(a.convert("RGB"), int) - np.asarray(b.convert("RGB"), int))
        assert np.percentile(diff, 99) <= 8
