"""sanitize.clean / clean_name: nothing a terminal acts on survives, text stays visible."""

from __future__ import annotations

import random
import re

import pytest

from tui.domain.sanitize import clean, clean_name

ESC = "\x1b"
VISIBLE_ESC = "\u241b"
# Forbidden in any output: C0 except \n \t (checked separately), DEL, C1, surrogates.
FORBIDDEN = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff]")
FORBIDDEN_WITH_TAB = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")

SEQUENCES = {
    "csi_sgr": f"{ESC}[31;1mMARKER{ESC}[0m",
    "csi_clear": f"{ESC}[2J{ESC}[HMARKER",
    "csi_private": f"{ESC}[?1049hMARKER{ESC}[?25l",
    "osc0_title_bel": f"{ESC}]0;pwned\x07MARKER",
    "osc2_title_st": f"{ESC}]2;pwned{ESC}\\MARKER",
    "osc8_link": f"{ESC}]8;;https://evil.example/{ESC}\\MARKER{ESC}]8;;{ESC}\\",
    "osc52_clipboard": f"{ESC}]52;c;Y3VybCBldmlsIHwgc2g=\x07MARKER",
    "dcs": f"{ESC}P1$r0m{ESC}\\MARKER",
    "apc": f"{ESC}_Gf=100;payload{ESC}\\MARKER",
    "pm": f"{ESC}^privacy{ESC}\\MARKER",
    "sos": f"{ESC}Xstring{ESC}\\MARKER",
    "two_char": f"{ESC}cMARKER{ESC}7{ESC}8",
    "nf_charset": f"{ESC}(0MARKER{ESC}(B",
    "lone_esc": f"MARKER{ESC}",
    "esc_esc": f"{ESC}{ESC}MARKER",
    "unterminated_osc": f"MARKER{ESC}]0;title never ends",
    "c1_csi": "\x9b31mMARKER\x9b0m",
    "c1_osc": "\x9d0;title\x9cMARKER",
    "c1_other": "\x85\x8d\x90q\x9cMARKER",
    "bel_bs": "\x07\x08\x08\x08MARKER",
    "nul_del": "\x00MARKER\x7f",
    "osc_with_inner_controls": f"{ESC}]0;a\tb\x01c\x07MARKER",
}


def assert_safe(out: str, *, tabs_allowed: bool = True) -> None:
    pattern = FORBIDDEN if tabs_allowed else FORBIDDEN_WITH_TAB
    bad = pattern.search(out)
    assert bad is None, f"forbidden {bad.group()!r} in {out!r}"


@pytest.mark.parametrize("raw", SEQUENCES.values(), ids=SEQUENCES.keys())
def test_every_sequence_class_is_made_visible(raw: str) -> None:
    out = clean(raw)
    assert_safe(out)
    assert "MARKER" in out
    assert ESC not in out and "\x07" not in out
    if ESC in raw:
        assert VISIBLE_ESC in out  # shown, not silently dropped


@pytest.mark.parametrize("raw", SEQUENCES.values(), ids=SEQUENCES.keys())
def test_every_sequence_class_is_safe_for_names(raw: str) -> None:
    out = clean_name(raw)
    assert_safe(out, tabs_allowed=False)
    assert "MARKER" in out


def test_sequence_is_rendered_whole() -> None:
    assert clean(f"{ESC}[31mred{ESC}[0m") == "\u241b[31mred\u241b[0m"
    # the BEL terminator inside the OSC is shown as its control picture
    assert clean(f"{ESC}]0;t\x07x") == "\u241b]0;t\u2407x"
    # a tab inside a sequence is shown even though loose tabs are kept
    assert clean(f"{ESC}]0;a\tb\x07\tc") == "\u241b]0;a\u2409b\u2407\tc"


def test_c0_uses_control_pictures_del_caret_c1_codepoint() -> None:
    assert clean("\x00\x01\x1f") == "\u2400\u2401\u241f"
    assert clean("\x7f") == "^?"
    assert clean("\x85\x9b\x9d") == "<U+0085><U+009B><U+009D>"


def test_newlines_and_tabs() -> None:
    assert clean("a\nb") == "a\u240ab"
    assert clean("a\nb", keep_newlines=True) == "a\nb"
    assert clean("a\r\nb\r\n", keep_newlines=True) == "a\nb\n"
    assert clean("a\rb", keep_newlines=True) == "a\u240db"
    assert clean("a\r\nb") == "a\u240d\u240ab"
    assert clean("a\tb") == "a\tb"
    assert clean("a\tb", keep_tabs=False) == "a\u2409b"


def test_bytes_and_invalid_utf8() -> None:
    assert clean(b"caf\xc3\xa9") == "café"
    assert clean(b"bad \xff\xfe end") == "bad \ufffd\ufffd end"
    assert clean(b"\xc3") == "\ufffd"  # truncated sequence
    assert clean(bytearray(b"\x1b[2Jx")) == "\u241b[2Jx"
    assert clean(None) == ""


def test_lone_surrogate_from_json_is_shown() -> None:
    out = clean("a\udc80b")
    assert out == "a<U+DC80>b"
    out.encode("utf-8")  # would raise if a surrogate survived


def test_plain_text_returned_unchanged_fast_path() -> None:
    line = "2026-11-28 10:00:00 INFO GET /health 200 \t café ✓ 日本語"
    assert clean(line) is line
    big = ("x" * 1023 + "\n") * 1024  # 1 MiB, plain apart from newlines
    assert clean(big, keep_newlines=True) is big
    big_no_nl = "abcdefgh" * (128 * 1024)
    assert clean(big_no_nl) is big_no_nl


def test_large_dirty_string_is_correct() -> None:
    big = ("x" * 1000 + "\x1b[31m") * 1000
    out = clean(big)
    assert_safe(out)
    assert out.count("\u241b[31m") == 1000


def test_clean_name_bidi_and_invisible() -> None:
    assert clean_name("evil\u202etxt.exe") == "evil<U+202E>txt.exe"
    for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c":
        assert clean_name(f"a{ch}b") == f"a<U+{ord(ch):04X}>b"
    for ch in "\u200b\u200c\u200d\u2060\ufeff\u180e\u00ad\u2028\U000e0041":
        assert clean_name(f"a{ch}b") == f"a<U+{ord(ch):04X}>b"
    # names stay on one line; tabs become spaces
    assert clean_name("web\tapp\nx") == "web app\u240ax"
    assert clean_name("nginx:[latest]") == "nginx:[latest]"
    assert clean_name(b"my-\xffname") == "my-\ufffdname"


def test_clean_name_fast_path() -> None:
    name = "compose-project_web_1"
    assert clean_name(name) is name
    assert clean_name("日本語-名前") == "日本語-名前"


def test_clean_keeps_bidi_in_log_text() -> None:
    # Log lines may carry legitimate RTL text; only names are strict.
    assert clean("שלום \u200f") == "שלום \u200f"


def test_randomised_invariant() -> None:
    rng = random.Random(0)
    interesting = [
        0x1B, 0x07, 0x9B, 0x9D, 0x9C, 0x90, 0x0A, 0x0D, 0x09, 0x7F, 0x00,
        ord("["), ord("]"), ord("\\"), ord("P"), ord(";"), ord("m"), ord("0"),
        0xD800, 0xDFFF, 0x202E, 0x200B,
    ]

    def random_char() -> str:
        roll = rng.random()
        if roll < 0.4:
            return chr(rng.choice(interesting))
        if roll < 0.6:
            return chr(rng.randrange(0x00, 0xA0))
        return chr(rng.randrange(0, 0x110000))

    for _ in range(3000):
        s = "".join(random_char() for _ in range(rng.randrange(0, 40)))
        for keep_newlines in (False, True):
            for keep_tabs in (False, True):
                out = clean(s, keep_newlines=keep_newlines, keep_tabs=keep_tabs)
                allowed = ("\n" if keep_newlines else "") + ("\t" if keep_tabs else "")
                stripped = out.translate({ord(c): None for c in allowed})
                assert not FORBIDDEN_WITH_TAB.search(stripped), (s, out)
        name = clean_name(s)
        assert not FORBIDDEN_WITH_TAB.search(name), (s, name)
        assert "\u202e" not in name and "\u200b" not in name
        name.encode("utf-8")
