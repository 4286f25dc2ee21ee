"""``dockyard serve``: a read-only Dockyard in the browser, one child process per viewer.

cli.py      arguments, the banner and the warning for a non-loopback address
server.py   the aiohttp application: token, Host and Origin checks, the viewer cap
viewer.py   one viewer: the child ``dockyard --readonly`` under Textual's web driver
page.py     the HTML pages (the app page, refusals)
child_env.py  the environment a child gets (a short allow-list, not the server's own)

The browser side is the JavaScript client of the ``textual-serve`` package (xterm.js and
the packet protocol of Textual's web driver); only its static files are used here.
"""
