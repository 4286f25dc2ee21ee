"""The HTML pages of ``dockyard serve``: the app page and the refusals.

The app page loads textual-serve's client (xterm.js + the web driver protocol) from
this server only: fonts included, nothing from the internet, and a Content-Security-Policy
header (server.py) that says so. Everything interpolated is escaped.
"""

from __future__ import annotations

from html import escape

APP_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<link rel="preload" href="{static}fonts/RobotoMono-VariableFont_wght.ttf" as="font" type="font/ttf" crossorigin>
<link rel="stylesheet" href="{static}css/xterm.css">
<style nonce="{nonce}">
@font-face {{ font-family: "Roboto Mono"; src: url("{static}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype"); font-style: normal; }}
@font-face {{ font-family: "Roboto Mono"; src: url("{static}fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype"); font-style: italic; }}
html, body {{ margin: 0; height: 100%; background: #0c181f; color: #e0e0e0; font-family: "Roboto Mono", monospace; }}
#terminal {{ position: absolute; inset: 0; }}
.ended {{ display: none; position: absolute; inset: 0; z-index: 10; align-items: center; justify-content: center; background: rgba(12, 24, 31, 0.85); }}
body.-closed .ended {{ display: flex; }}
.ended div {{ background: #12232d; padding: 24px 32px; text-align: center; }}
.ended button {{ margin-top: 16px; padding: 8px 24px; font: inherit; }}
</style>
<script src="{static}js/textual.js"></script>
</head>
<body>
<div id="terminal" class="textual-terminal" data-session-websocket-url="{ws_url}" data-font-size="{font_size}"></div>
<div class="ended"><div>{ended}<br><button id="reload" type="button">{reload}</button></div></div>
<script nonce="{nonce}">document.getElementById("reload").addEventListener("click", () => window.location.reload());</script>
</body>
</html>
"""

MESSAGE_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>{title}</title>
<style nonce="{nonce}">body {{ background: #0c181f; color: #e0e0e0; font-family: monospace; margin: 4em; }}</style></head>
<body><h1>{title}</h1><p>{message}</p></body>
</html>
"""

TEXT = {
    "en": {"ended": "This view has ended (the tab was idle, the server stopped, or the class is full).", "reload": "Reload"},
    "ko": {"ended": "이 화면이 종료되었습니다 (탭이 유휴 상태였거나, 서버가 멈췄거나, 수업 인원이 가득 찼습니다).", "reload": "다시 불러오기"},
}


def app_page(*, title: str, static: str, ws_url: str, nonce: str, lang: str = "en", font_size: int = 16) -> str:
    text = TEXT.get(lang, TEXT["en"])
    return APP_PAGE.format(
        lang=escape(lang),
        title=escape(title),
        static=escape(static, quote=True),
        ws_url=escape(ws_url, quote=True),
        nonce=escape(nonce, quote=True),
        font_size=int(font_size),
        ended=escape(text["ended"]),
        reload=escape(text["reload"]),
    )


def message_page(title: str, message: str, *, nonce: str) -> str:
    return MESSAGE_PAGE.format(title=escape(title), message=escape(message), nonce=escape(nonce, quote=True))


def full_message(max_viewers: int) -> str:
    return f"This class is full: {max_viewers} viewers are watching, the most this server allows. Close another tab or try again later."
