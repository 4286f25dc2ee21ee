"""ansi.render / plain / safe_text: SGR in, nothing else through."""

from __future__ import annotations

import random
import re

from rich.color import Color
from rich.style import Style
from rich.text import Text

from tui.domain.ansi import plain, render, safe_text

ESC = "\x1b"
CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")  # tab allowed


def style_at(text: Text, offset: int) -> Style:
    return text.get_style_at_offset(_console(), offset)


def _console():
    from rich.console import Console

    return Console(color_system="truecolor")


def test_colours_on() -> None:
    t = render(f"{ESC}[31mred{ESC}[0m plain {ESC}[1;4;92mbright{ESC}[m", colours=True)
    assert t.plain == "red plain bright"
    assert style_at(t, 0).color == Color.from_ansi(1)
    assert style_at(t, 5).color is None
    bright = style_at(t, 11)
    assert bright.color == Color.from_ansi(10)
    assert bright.bold and bright.underline


def test_colours_off_drops_sgr() -> None:
    t = render(f"{ESC}[31mred{ESC}[0m", colours=False)
    assert t.plain == "red"
    assert t.spans == []


def test_background_256_and_truecolor() -> None:
    t = render(
        f"{ESC}[38;5;196ma{ESC}[48;5;21mb{ESC}[0;38;2;10;20;30mc"
        f"{ESC}[48;2;1;2;3md{ESC}[0;44me{ESC}[0;103mf{ESC}[38:2::7:8:9mg",
        colours=True,
    )
    assert t.plain == "abcdefg"
    assert style_at(t, 0).color == Color.from_ansi(196)
    assert style_at(t, 1).bgcolor == Color.from_ansi(21)
    assert style_at(t, 1).color == Color.from_ansi(196)
    assert style_at(t, 2).color == Color.from_rgb(10, 20, 30)
    assert style_at(t, 3).bgcolor == Color.from_rgb(1, 2, 3)
    assert style_at(t, 4).bgcolor == Color.from_ansi(4)
    assert style_at(t, 5).bgcolor == Color.from_ansi(11)
    assert style_at(t, 6).color == Color.from_rgb(7, 8, 9)


def test_attribute_resets() -> None:
    t = render(f"{ESC}[1;2;3mA{ESC}[22mB{ESC}[23mC{ESC}[39;49mD", colours=True)
    a, b, c = style_at(t, 0), style_at(t, 1), style_at(t, 2)
    assert a.bold and a.dim and a.italic
    assert not b.bold and not b.dim and b.italic
    assert not c.italic


def test_malformed_sgr_is_harmless() -> None:
    for raw in (f"{ESC}[38;5m", f"{ESC}[38;2;1m", f"{ESC}[38;5;999m", f"{ESC}[;;;m", f"{ESC}[38m"):
        t = render(raw + "x", colours=True)
        assert t.plain == "x"


def test_osc8_hyperlink_shown_never_live() -> None:
    raw = f"see {ESC}]8;id=1;https://evil.example/{ESC}\\the docs{ESC}]8;;{ESC}\\ now"
    for colours in (True, False):
        t = render(raw, colours=colours)
        assert t.plain == "see \u241b]8;id=1;https://evil.example/\u241b\\the docs\u241b]8;;\u241b\\ now"
        assert all(span.style is None or not getattr(span.style, "link", None) for span in t.spans)
    # BEL-terminated form too
    assert plain(f"{ESC}]8;;http://x\x07link{ESC}]8;;\x07") == "\u241b]8;;http://x\u2407link\u241b]8;;\u2407"


def test_osc52_and_titles_shown_as_symbols() -> None:
    raw = f"a{ESC}]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07b{ESC}]0;owned{ESC}\\c{ESC}]2;x\x9cd"
    want = "a\u241b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\u2407b\u241b]0;owned\u241b\\c\u241b]2;x<U+009C>d"
    assert render(raw, colours=True).plain == want
    assert plain(raw) == want


def test_osc52_between_words_is_seen(tmp_path=None) -> None:
    """Issue 17: the logs view showed "BEFORE     CLICKME AFTER": the OSC was invisible."""
    raw = f"BEFORE {ESC}]52;c;Q0xJQ0tNRQ==\x07 CLICKME AFTER"
    t = render(raw, colours=True)
    assert t.plain == "BEFORE \u241b]52;c;Q0xJQ0tNRQ==\u2407 CLICKME AFTER"
    start = t.plain.index("\u241b")
    assert style_at(t, start).reverse  # set apart from the text around it


def test_lone_esc_never_eats_the_next_character() -> None:
    for colours in (True, False):
        assert render(f"{ESC} end", colours=colours).plain == "\u241b end"
        assert render(f"x{ESC}", colours=colours).plain == "x\u241b"
        assert render(f"{ESC}{ESC}[31mred", colours=colours).plain == "\u241bred"
    assert plain(f"{ESC} end") == "\u241b end"


def test_non_sgr_csi_and_others_shown() -> None:
    raw = (
        f"{ESC}[2J{ESC}[H{ESC}[?1049h{ESC}[10;20Hx{ESC}[K{ESC}P1$r{ESC}\\"
        f"{ESC}_apc{ESC}\\{ESC}^pm{ESC}\\{ESC}Xsos{ESC}\\{ESC}c{ESC}(By\x07\x9b2J\x85z{ESC}"
    )
    want = (
        "\u241b[2J\u241b[H\u241b[?1049h\u241b[10;20Hx\u241b[K\u241bP1$r\u241b\\"
        "\u241b_apc\u241b\\\u241b^pm\u241b\\\u241bXsos\u241b\\\u241bc\u241b(By\u2407<U+009B>2J<U+0085>z\u241b"
    )
    assert render(raw, colours=True).plain == want
    assert plain(raw) == want


def test_markup_stays_literal() -> None:
    for raw in ("[bold]x[/]", "[@click=app.quit]quit[/]", "a[/]b", "nginx:[latest]", "[link=http://x]y"):
        for colours in (True, False):
            t = render(raw, colours=colours)
            assert t.plain == raw
            assert t.spans == []
        assert plain(raw) == raw
        assert safe_text(raw).plain == raw


def test_markup_inside_coloured_text_literal() -> None:
    t = render(f"{ESC}[32m[bold]ok[/]{ESC}[0m", colours=True)
    assert t.plain == "[bold]ok[/]"
    assert style_at(t, 1).color == Color.from_ansi(2)
    assert not style_at(t, 1).bold


def test_leftover_controls_made_visible() -> None:
    t = render("a\rb\x08c\x00d\x7f", colours=True)
    assert t.plain == "a\u240db\u2408c\u2400d^?"


def test_plain_text_fast_path() -> None:
    t = render("just text\twith tab", colours=True)
    assert t.plain == "just text\twith tab"
    assert plain("just text") == "just text"


def test_safe_text() -> None:
    t = safe_text("evil\u202e\x1b]0;t\x07name", style="bold")
    assert t.plain == "evil<U+202E>\u241b]0;t\u2407name"
    assert t.style == "bold"
    assert safe_text(None).plain == ""
    assert safe_text(b"img:\xff").plain == "img:\ufffd"


def test_randomised_no_controls_and_plain_matches() -> None:
    rng = random.Random(0)
    pieces = [
        ESC, "[", "]", "m", ";", "31", "38;5;", "2;", "\x07", "\x9b", "\x9c", "\x9d",
        "\\", "P", "_", "8;;", "text", "[bold]", "\r", "\x00", "\t", "é", "😀", "\x85",
    ]
    for _ in range(3000):
        raw = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 20)))
        for colours in (True, False):
            t = render(raw, colours=colours)
            assert not CONTROL.search(t.plain), (raw, t.plain)
            assert "\x1b" not in t.plain
            assert t.plain == plain(raw), raw
