"""Every private name of Textual and docker-py that Dockyard relies on still exists, with the
shape we use. An upgrade that moves one fails here in seconds, not at the first paint.
The list, and why each is patched or read, is in docs/ARCHITECTURE.md ("Framework internals")."""

from __future__ import annotations

import inspect
import sys

import pytest


def params(func) -> list[str]:
    return list(inspect.signature(func).parameters)


def test_textual_is_the_minor_we_test():
    from tui import tight_updates

    assert tight_updates.textual_version() == tight_updates.TESTED


def test_compositor_partial_update_shape():
    """tui/tight_updates.py subclasses ChopsUpdate and reads its fields."""
    from textual import _compositor

    update = _compositor.ChopsUpdate
    assert params(update.__init__)[1:4] == ["chops", "spans", "chop_ends"]
    assert params(update.render_segments) == ["self", "console"]
    assert callable(_compositor.Control.move_to) and callable(_compositor.cell_len)


def test_compositor_patch_installs_from_the_entry_point_only():
    from textual import _compositor

    from tui import tight_updates

    assert tight_updates.install() is True
    assert _compositor.ChopsUpdate is tight_updates.TightChopsUpdate


def test_data_table_render_caches_pane_table_swaps():
    """tui/widgets/pane_table.py replaces DataTable's four render caches with smaller ones."""
    from textual.widgets import DataTable

    table = DataTable()
    for name in ("_cell_render_cache", "_row_render_cache", "_row_renderable_cache", "_line_cache"):
        assert hasattr(table, name), name


def test_lru_cache_grows_only_with_its_full_flag_cleared():
    """PaneTable._fit_caches grows a cache by its ``maxsize`` and clears ``_full``: once full,
    Textual's LRUCache evicts one entry per new one whatever its new bound (``grow`` too)."""
    from textual.cache import LRUCache

    cache = LRUCache(2)
    for key in range(3):
        cache[key] = key
    cache.grow(4)
    cache[3] = 3
    assert len(cache) == 2 and cache._full  # the bound grew, the cache did not
    cache.maxsize = 4
    cache._full = False
    cache[4] = 4
    cache[5] = 5
    assert len(cache) == 4


def test_data_table_render_cell_pane_table_keys_per_cell():
    """PaneTable._render_cell calls DataTable's with its arguments, reads the table's private
    maps to find the cell's value, and drops the entry the stock method cached under a key
    of (row, column, style, cursor, hover, hover shown, update count, pseudo classes)."""
    from textual.widgets import DataTable

    assert params(DataTable._render_cell) == ["self", "row_index", "column_index", "base_style", "width", "cursor", "hover"]
    table = DataTable()
    for name in ("_header_row_key", "_row_locations", "_column_locations", "_data", "_show_hover_cursor", "_pseudo_class_state", "_update_count"):
        assert hasattr(table, name), name
    source = inspect.getsource(DataTable._render_cell)
    key = source[source.index("cell_cache_key: CellCacheKey = (") : source.index(")", source.index("cell_cache_key: CellCacheKey = ("))]
    assert [part.strip() for part in key.split("(", 1)[1].split(",") if part.strip()] == [
        "row_key", "column_key", "base_style", "cursor", "hover", "self._show_hover_cursor", "self._update_count", "self._pseudo_class_state",
    ]


def test_data_table_mouse_reads_the_style_pane_table_gives():
    """PaneTable's cells carry no click metadata: its ``_on_click``/``_on_mouse_move`` run
    before DataTable's (Textual calls each class's handler in the MRO) and set ``event.style``
    to the metadata of the place, found from the table's geometry. DataTable's handlers must
    still read ``event.style.meta`` and Textual must still call both handlers."""
    from textual import events
    from textual.message_pump import MessagePump
    from textual.widgets import DataTable

    for handler in (DataTable._on_click, DataTable._on_mouse_move):
        assert "event.style.meta" in inspect.getsource(handler), handler
    assert isinstance(events.MouseEvent.style, property) and events.MouseEvent.style.fset is not None
    assert "for cls in self.__class__.__mro__" in inspect.getsource(MessagePump._get_dispatch_methods)
    assert params(DataTable._get_offsets) == ["self", "y"]
    table = DataTable()
    for name in ("_row_label_column_width", "header_height", "ordered_columns", "show_row_labels"):
        assert hasattr(table, name), name


def test_log_internals_tail_log_uses():
    """tui/widgets/tail_log.py appends to Log's line list itself (Log.write_lines lays out the
    screen per write) and replaces its width-measuring thread worker."""
    import inspect

    from textual.widgets import Log

    log = Log(max_lines=10)
    for name in ("_lines", "_width", "_updates", "_render_line_cache"):
        assert hasattr(log, name), name
    for name in ("_prune_max_lines", "_update_size", "_process_line", "refresh_lines", "_scroll_update"):
        assert callable(getattr(log, name, None)), name
    assert list(inspect.signature(Log._update_size).parameters) == ["self", "updates", "lines"]
    # TailLog answers rich_style with the paint's style while it paints: Log reads the
    # property for every line it renders
    assert "self.rich_style" in inspect.getsource(Log._render_line)


def test_data_table_cursor_scroll_pane_table_defers():
    """tui/widgets/pane_table.py overrides DataTable._scroll_cursor_into_view (no scroll against
    a table not laid out yet), which DataTable calls when the cursor moves."""
    import inspect

    from textual.widgets import DataTable

    assert list(inspect.signature(DataTable._scroll_cursor_into_view).parameters) == ["self", "animate"]
    assert "self._scroll_cursor_into_view(" in inspect.getsource(DataTable.watch_cursor_coordinate)


def test_scroll_handlers_log_view_overrides():
    """tui/widgets/log_view.py extends these private handlers to pause follow on user scrolls."""
    from textual.widget import Widget

    for name in ("_on_mouse_scroll_up", "_on_scroll_up", "_on_scroll_to"):
        assert callable(getattr(Widget, name, None)), name


def test_vertical_scrollbar_log_view_makes():
    """tui/widgets/log_view.py makes its own vertical scrollbar (a ``TrackBar``) as
    ``Widget.vertical_scrollbar`` does: stored in ``_vertical_scrollbar``, hidden, started
    with ``App._start_widget``; ``ScrollBar.render`` hands ``_render_bar`` the style."""
    import inspect

    from textual.app import App
    from textual.scrollbar import ScrollBar
    from textual.widget import Widget

    source = inspect.getsource(Widget.vertical_scrollbar.fget)
    assert "self._vertical_scrollbar = " in source and "_start_widget(self, " in source
    assert "display = False" in source
    assert callable(App._start_widget)
    assert "self._render_bar(scrollbar_style)" in inspect.getsource(ScrollBar.render)
    assert {"grabbed", "mouse_over", "renderer"} <= set(dir(ScrollBar))


def test_app_fatal_error_internals():
    """DockyardApp._fatal_error (no locals in the crash report) uses these App internals."""
    from textual.app import App

    assert params(App._fatal_error) == ["self"]
    assert callable(App._close_messages_no_wait)
    assert "_exit_renderables" in App.__init__.__code__.co_names or hasattr(App(), "_exit_renderables")


def test_node_closing_flags():
    """tui/screens/mounted.py (gone, which tui/control/operations.py calls) reads _closing/_closed/_pruning on a node
    (_pruning: set on every node of a removal as it begins, as textual.signal reads it)."""
    from textual import signal
    from textual.widget import Widget

    w = Widget()
    assert w._closing is False and w._closed is False and w._pruning is False
    assert "_pruning" in inspect.getsource(signal)


def test_provider_knows_its_screen():
    """The palette providers read Provider.screen (the screen the palette opened on)."""
    from textual.command import Provider

    assert isinstance(inspect.getattr_static(Provider, "screen"), property)


def test_docker_py_private_calls():
    """The engine's exec/attach, log reader and writable-layer read use these APIClient internals."""
    import docker

    client = docker.APIClient
    for name in ("_url", "_get", "_post_json", "_result", "_raise_for_status", "_get_raw_response_socket", "_disable_socket_timeout"):
        assert callable(getattr(client, name, None)), name
    assert params(client._url)[:2] == ["self", "pathfmt"]
    assert params(client._result)[:3] == ["self", "response", "json"]


def test_urllib3_response_keeps_fp():
    """tui/engine/logs.py and exec_shell.py read the socket file under res.raw._fp.fp."""
    import io

    import urllib3

    body = io.BytesIO(b"x")
    response = urllib3.HTTPResponse(body=body, preload_content=False)
    assert response._fp is body


@pytest.mark.parametrize("name", ["events", "logs", "stats"])
def test_docker_py_stream_apis(name):
    import docker

    assert callable(getattr(docker.APIClient, name))


def test_compositor_internals_scroll_region_patches():
    """tui/scroll_region.py replaces render_partial_update, render_full_update and _get_renders,
    reads _dirty_regions, visible_widgets and size, and subclasses the update classes."""
    from textual import _compositor
    from textual._styles_cache import StylesCache

    comp = _compositor.Compositor
    assert params(comp._get_renders) == ["self", "crop"]
    assert params(comp.render_partial_update) == ["self"]
    assert params(comp.render_full_update)[:2] == ["self", "simplify"]
    instance = comp()
    assert isinstance(instance._dirty_regions, set)
    assert hasattr(comp, "visible_widgets") and hasattr(instance, "size")
    for name in ("LayoutUpdate", "InlineUpdate", "CompositorUpdate"):
        assert isinstance(getattr(_compositor, name), type), name
    cache = StylesCache()
    assert isinstance(cache._cache, dict) and isinstance(cache._dirty_lines, set)


def test_log_line_cache_the_tail_clears():
    """tui/widgets/tail_log.py clears ``Log._render_line_cache`` for new rows as
    ``Log.refresh_lines`` does, then refreshes the content columns only."""
    from textual.widgets import Log

    assert "_render_line_cache.discard" in inspect.getsource(Log.refresh_lines)


def test_screen_refresh_internals_paint_now_drives():
    """tui/scroll_region.paint_now runs the screen's compositor refresh itself, as the screen's
    update timer does (Screen._on_timer_update), reading the flags that timer checks first."""
    from textual import _compositor
    from textual.app import App
    from textual.screen import Screen
    from textual.widget import Widget

    timer_update = inspect.getsource(Screen._on_timer_update)
    for name in ("_layout_required", "_scroll_required", "_repaint_required", "_dirty_widgets",
                 "update_widgets", "_compositor_refresh", "_batch_count"):
        assert name in timer_update, name
    assert params(Screen._compositor_refresh) == ["self"]
    assert "render_update" in inspect.getsource(Screen._compositor_refresh)
    assert params(_compositor.Compositor.update_widgets) == ["self", "widgets"]
    assert "_full_map_invalidated" in inspect.getsource(_compositor.Compositor.update_widgets)
    check = inspect.getsource(Widget._check_refresh)
    assert "_repaint_required" in check and "messages.Update(self)" in check
    assert "_batch_count" in inspect.getsource(App) and isinstance(App.is_inline, property)


def test_rich_style_fields_the_shadow_compares():
    """tui/scroll_region.py compares Styles without ``meta`` through these private fields;
    together with ``meta`` and the link id they must be all that Style equality covers."""
    from rich.style import Style

    fields = {"_color", "_bgcolor", "_attributes", "_set_attributes", "_link"}
    assert fields <= set(Style.__slots__)
    a = Style(color="red", bgcolor="blue", bold=True, italic=False, link="x", meta={"offset": (0, 1)})
    b = Style(color="red", bgcolor="blue", bold=True, italic=False, link="x", meta={"offset": (0, 2)})
    assert a != b and all(getattr(a, f) == getattr(b, f) for f in fields)
    for other in (Style(color="green", bgcolor="blue", bold=True, italic=False, link="x"),
                  Style(color="red", bgcolor="blue", bold=False, italic=False, link="x"),
                  Style(color="red", bgcolor="blue", bold=True, link="x"),
                  Style(color="red", bgcolor="blue", bold=True, italic=False, link="y")):
        assert any(getattr(a, f) != getattr(other, f) for f in fields), other


def test_render_cache_and_footer_watchers_we_release():
    """tui/render_caches.py clears StylesCache.get_inner_outer; tui/widgets/footer.py drops
    the watchers closed FooterKeys left in a node's ``__watchers``."""
    from textual import reactive
    from textual._styles_cache import StylesCache
    from textual.widgets import Footer

    assert callable(getattr(StylesCache.get_inner_outer, "cache_clear", None))
    assert "compose" in vars(Footer)
    assert '"__watchers"' in inspect.getsource(reactive)  # where data_bind's watchers live
    # tui/widgets/footer.py replaces bindings_changed (the screen's signal subscribes it in
    # on_mount) and reads _bindings_ready and Screen.active_bindings as Footer.compose does.
    assert params(Footer.bindings_changed) == ["self", "screen"]
    assert "self.bindings_changed" in inspect.getsource(Footer.on_mount)
    assert "_bindings_ready" in vars(Footer) and "active_bindings" in inspect.getsource(Footer.compose)


def test_signal_subscriptions_we_prune():
    """tui/signals.py drops subscribers that stopped running from ``Signal._subscriptions``
    (a WeakKeyDictionary whose values close over their keys, pruned by Textual only in publish)."""
    from weakref import WeakKeyDictionary

    from textual.app import App
    from textual.signal import Signal as TextualSignal

    from tui import signals

    assert params(TextualSignal.subscribe)[:4] == ["self", "node", "callback", "immediate"]
    assert "self._subscriptions.pop(node" in inspect.getsource(TextualSignal.publish)
    signal = signals.Signal(App(), "probe")
    assert isinstance(signal._subscriptions, WeakKeyDictionary)
    assert signal in signals._ALL and signal.prune() == 0


async def test_a_closed_subscriber_is_dropped_without_a_publish():
    """The leak itself: Textual's Signal keeps a closed screen until the next publish; ours
    drops it at the next subscribe or prune_closed()."""
    import gc
    import weakref

    from textual.app import App
    from textual.screen import Screen
    from textual.signal import Signal as TextualSignal

    from tui import signals

    class Quiet(Screen):
        def on_mount(self) -> None:
            self.app.plain.subscribe(self, lambda data: None)
            self.app.ours.subscribe(self, lambda data: None)

    class Probe(App):
        def on_mount(self) -> None:
            self.plain = TextualSignal(self, "plain")
            self.ours = signals.Signal(self, "ours")

    app = Probe()
    async with app.run_test() as pilot:
        screen = Quiet()
        await app.push_screen(screen)
        await pilot.pause()
        gone = weakref.ref(screen)
        await app.pop_screen()
        await pilot.pause()
        del screen
        gc.collect()
        assert gone() is not None and len(app.plain._subscriptions) == 1  # Textual's: still held
        app.plain._subscriptions.clear()
        assert signals.prune_closed() >= 1
        gc.collect()
        assert gone() is None and len(app.ours._subscriptions) == 0


def test_what_from_thread_relies_on():
    """tui/from_thread.py reads App._loop, App._closing / _closed, and posts with call_later,
    whose post_message goes through the loop's call_soon_threadsafe from another thread and
    answers False once the app is closing; App.call_from_thread (which it replaces) still
    waits on its future with no timeout."""
    from textual.app import App
    from textual.message_pump import MessagePump

    assert "self._loop" in inspect.getsource(App.call_from_thread)
    assert "future.result()" in inspect.getsource(App.call_from_thread)
    post = inspect.getsource(MessagePump.post_message)
    assert "call_soon_threadsafe" in post and "self._closing or self._closed" in post
    assert "self.post_message(message)" in inspect.getsource(MessagePump.call_later)
    app = App()
    assert app._closing is False and app._closed is False and app._loop is None
    # from_thread.Waker: a widget's own closing flags, and the app's handler for an exception
    # raised in a handler (a wake's callback goes there too); textual's app lookup falls back
    # on the context's active_app, which the waker's copied context carries.
    pump = MessagePump()
    assert pump._closing is False and pump._closed is False
    assert "def _handle_exception(self, error: Exception)" in inspect.getsource(App._handle_exception)
    assert "active_app.get()" in inspect.getsource(MessagePump.app.fget)


async def test_message_queue_items_are_readable():
    """tui/screens/detail/logs_tab.py (input_waiting) reads the items waiting in a message
    pump's queue: ``_message_queue`` is Textual's own Queue whose deque ``values`` holds them in order."""
    from collections import deque

    from textual import events
    from textual.message_pump import MessagePump

    pump = MessagePump()
    queue = pump._message_queue
    assert isinstance(queue.values, deque)
    key = events.Key("slash", "/")
    queue.put_nowait(key)
    assert list(queue.values) == [key] and isinstance(key, events.InputEvent)
    # the same queue for the pump's life (input_waiting keeps the queues while the focus stays)
    assert pump._message_queue is queue


def test_a_stopped_message_says_so_and_a_forwarded_key_is_marked():
    """tui/keys_on_way.py reads ``Message._stop_propagation`` (a key a widget stopped has
    ended its road) and relies on ``App.on_event`` forwarding a fresh key with
    ``_forward_event``, which marks it ``is_forwarded`` (the key goes on to the focused widget)."""
    from textual import events
    from textual.app import App

    key = events.Key("x", "x")
    assert key._stop_propagation is False and not key.is_forwarded
    key.stop()
    assert key._stop_propagation is True
    source = inspect.getsource(App.on_event)
    assert "_check_bindings(event.key, priority=True)" in source and "_forward_event(event)" in source


def test_strip_caches_we_make_lazily():
    """tui/lazy_strip_caches.py: Strip's slots, and the cache sizes Textual's own __init__ gives."""
    from textual.cache import FIFOCache
    from textual.strip import Strip

    from tui import lazy_strip_caches

    assert set(Strip.__slots__) == set(lazy_strip_caches.SIZES) | {"_segments", "_cell_length", "_render_cache", "_link_ids", "_cell_count"}
    strip = Strip.__new__(Strip)
    lazy_strip_caches._original_init(strip, [])
    for name, size in lazy_strip_caches.SIZES.items():
        cache = getattr(strip, name)
        assert type(cache) is FIFOCache and cache._maxsize == size, name
    assert lazy_strip_caches.install() is True and Strip.__init__ is lazy_strip_caches._init


def test_datatable_cursor_moves_pane_table_wraps():
    """tui/widgets/pane_table.py marks the table touched in DataTable's click handler and cursor
    actions (a fleet's first listings stop holding the cursor on the top row)."""
    from textual.widgets import DataTable

    assert inspect.iscoroutinefunction(DataTable._on_click) and params(DataTable._on_click) == ["self", "event"]
    for name in ("action_cursor_up", "action_cursor_down", "action_page_up", "action_page_down", "action_scroll_top", "action_scroll_bottom"):
        assert params(getattr(DataTable, name)) == ["self"], name


def test_what_pane_table_answers_once_per_paint():
    """PaneTable answers these once per ``render_lines``: DataTable must still ask for them
    by these names while it renders rows and cells (a rename would leave our answers unused,
    not wrong). The styles' ``_cache_key`` is what paint_style.BaseStyle keys on."""
    from textual.css.styles import RenderStyles
    from textual.dom import DOMNode
    from textual.widgets import DataTable

    for name in ("rich_style", "background_colors"):
        assert isinstance(getattr(DOMNode, name), property), name
    assert 'get_component_styles("datatable--header").rich_style' in inspect.getsource(DataTable._render_line_in_row)
    assert "self.background_colors" in inspect.getsource(DataTable._render_line_in_row)
    assert "self.rich_style" in inspect.getsource(DataTable.render_line)
    assert isinstance(RenderStyles._cache_key, property)


def test_what_the_text_cell_path_and_the_moved_rows_rest_on():
    """PaneTable._render_text_cell repeats DataTable._render_cell's layering for a Text cell
    in a row one line high (Styled(Padding(cell)) through console.render_lines, no wrap);
    scroll_region._moved_strips carries a row when its styled line is the same object,
    which holds while StylesCache caches the line before the filters and the crop;
    TailLog._move_to sets the offset without ScrollView's watcher, which repaints the whole
    widget."""
    from rich.padding import Padding
    from rich.text import Text
    from textual._styles_cache import StylesCache
    from textual.scroll_view import ScrollView
    from textual.widget import Widget
    from textual.widgets import DataTable
    from textual.widgets import _data_table

    source = inspect.getsource(DataTable._render_cell)
    for part in ("Styled(", "Padding(cell, (0, self.cell_padding))", "pre_style=base_style + component_style", "post_style=post_style",
                 "options.update(no_wrap=True)", "Style.from_meta({\"row\": row_index, \"column\": column_index})", "self._get_styles_to_render_cell("):
        assert part in source, part
    assert params(DataTable._get_styles_to_render_cell)[:7] == ["self", "is_header_cell", "is_row_label_cell", "is_fixed_style_cell", "hover", "cursor", "show_cursor"]
    assert "_EMPTY_TEXT" in inspect.getsource(DataTable._compute_row_renderables)
    assert isinstance(_data_table._EMPTY_TEXT, Text)
    assert Padding("x").expand is True
    render = inspect.getsource(StylesCache.render)
    assert render.index("self._cache[y] = strip") < render.index("strip.apply_filter(")
    assert "self.refresh(self.size.region)" in inspect.getsource(ScrollView.watch_scroll_y)
    for name in ("scroll_y", "scroll_target_y"):
        assert name in Widget._reactives, name


def test_what_dirty_quietly_copies_from_widget_refresh():
    """tui/scroll_region.dirty_quietly is Widget.refresh(region) for a mounted widget, less
    its final check_idle(): the same attributes, in the same order, and nothing else."""
    from textual.widget import Widget

    source = inspect.getsource(Widget.refresh)
    body = source[source.index("if not self._is_mounted:"):]
    steps = ["self._layout_cache.clear()", "self._set_dirty(*regions)", "self.clear_cached_dimensions()",
             "self._rich_style_cache.clear()", "self._repaint_required = True", "self.check_idle()"]
    at, position = [], 0
    for step in steps:  # each after the one before (the unmounted branch comes first)
        position = body.index(step, position)
        at.append(position)
    body = body[body.index("self._layout_cache.clear()"):]
    # nothing else is done between the mounted check and the end (lines of code only)
    code = [line.strip() for line in body.splitlines() if line.strip() and not line.strip().startswith(("#", "return", "if ", '"'))]
    assert set(code) <= set(steps) | {"self._repaint_required = True", "self.check_idle()"}, code


def test_what_paint_cached_answers_for():
    """paint_style.PaintCached answers ``background_colors`` and ``opacity`` while a log view
    or tail paints: Textual's styles cache must still ask the widget for them by these names
    (a rename would leave the answers unused, not wrong), and each is still a walk over the
    ancestors' styles only (what BaseStyle's key covers)."""
    from textual._styles_cache import StylesCache
    from textual.dom import DOMNode
    from textual.widget import Widget

    source = inspect.getsource(StylesCache.render_widget)
    assert "widget.background_colors" in source and "opacity=widget.opacity" in source
    for prop in (DOMNode.background_colors, Widget.opacity):
        body = inspect.getsource(prop.fget)
        assert "for node in reversed(self.ancestors_with_self):" in body
        assert "node.styles" in body


def test_what_input_wait_replaces_in_the_linux_driver():
    """tui/input_wait.py: LinuxDriver's input loop, its exit event (set by disable_input
    before it joins the thread), and the key parser's deadline."""
    from textual._parser import Parser
    from textual._xterm_parser import XTermParser
    from textual.drivers.linux_driver import LinuxDriver

    from tui import input_wait

    stock = inspect.getsource(input_wait._stock_run_input_thread)
    assert "selector.select(0.1)" in stock and "self.exit_event.is_set()" in stock
    assert "self.process_message(event)" in stock and "XTermParser(self._debug)" in stock
    assert "self.exit_event = Event()" in inspect.getsource(input_wait._stock_init)
    disable = inspect.getsource(LinuxDriver.disable_input)
    assert disable.index("self.exit_event.set()") < disable.index("self._key_thread.join()")
    assert "self._timeout_time" in inspect.getsource(Parser.tick)
    assert XTermParser()._timeout_time is None


def test_what_frame_write_replaces_in_the_app_and_the_linux_driver():
    """tui/frame_write.py: a frame is written between _begin_update and _end_update (the
    sync markers, through the driver's write), and the driver's write hands each string to
    its writer thread."""
    from textual.app import App

    from tui import frame_write

    display = inspect.getsource(App._display)
    assert display.index("self._begin_update()") < display.index("self._driver.write(terminal_sequence)") < display.index("self._end_update()")
    assert "self._driver.write(SYNC_START)" in inspect.getsource(frame_write._stock_begin)
    assert "self._driver.write(SYNC_END)" in inspect.getsource(frame_write._stock_end)
    assert "self._writer_thread.write(data)" in inspect.getsource(frame_write._stock_write)


def test_what_the_css_cache_wraps_in_the_stylesheet():
    """tui/css_cache.py: Stylesheet._parse_rules (its parameters, its per-stylesheet
    ``_parse_cache`` keyed by them, the parser it calls with ``variable_tokens`` made from
    ``_variables``), and rule sets that pickle."""
    import pickle

    from textual.css.stylesheet import Stylesheet

    assert params(Stylesheet._parse_rules) == ["self", "css", "read_from", "is_default_rules", "tie_breaker", "scope"]
    source = inspect.getsource(Stylesheet._parse_rules)
    assert "cache_key = (css, read_from, is_default_rules, tie_breaker, scope)" in source
    assert "self._parse_cache[cache_key]" in source and "variable_tokens=self._variable_tokens" in source
    sheet = Stylesheet(variables={"accent": "red"})
    assert sheet._variables == {"accent": "red"} and len(sheet._parse_cache) == 0
    rules = sheet._parse_rules("Widget { color: $accent; layout: horizontal; }", ("test", "css"))
    back = pickle.loads(pickle.dumps(rules))
    assert back[0].styles.color == rules[0].styles.color and back[0].selector_set == rules[0].selector_set
    assert type(back[0].styles.layout) is type(rules[0].styles.layout)


def test_what_tls_later_stands_in_for_in_asyncio():
    """tui/tls_later.py: the three asyncio modules that import ssl keep it in a module global
    ``ssl`` (None when the import fails), and sslproto derives ``SSLAgainErrors`` from it at
    import (only when ssl is there)."""
    import asyncio.base_events
    import asyncio.selector_events
    import asyncio.sslproto

    from tui import tls_later

    for name in tls_later._MODULES:
        module = sys.modules[name]
        source = inspect.getsource(module)
        assert "import ssl\nexcept ImportError:" in source.replace("    ", "") and "ssl = None" in source, name
    source = inspect.getsource(asyncio.sslproto)
    assert "if ssl is not None:\n    SSLAgainErrors = (ssl.SSLWantReadError, ssl.SSLSyscallError)" in source
    assert asyncio.base_events.ssl is sys.modules["ssl"]  # (this process imported asyncio as usual)


def test_what_class_setup_computes_for_each_domnode_subclass():
    """tui/class_setup.py replaces DOMNode.__init_subclass__: Textual's sets exactly these
    class attributes, from these expressions, and merges bindings as ``_merge_bindings`` does."""
    import re

    from textual.dom import DOMNode

    from tui import class_setup

    original = DOMNode.__dict__["__init_subclass__"]
    if getattr(original, "__func__", None) is class_setup._init_subclass:
        original = class_setup._state["original"]
    source = inspect.getsource(original.__func__)
    assert params(original.__func__) == ["cls", "inherit_css", "inherit_bindings", "inherit_component_classes"]
    assert sorted(set(re.findall(r"cls\.(_\w+) =", source))) == sorted(
        ["_computes", "_css_type_name", "_css_type_names", "_inherit_bindings", "_inherit_component_classes", "_inherit_css", "_merged_bindings", "_reactives"]
    )
    flat = " ".join(source.split())
    assert "for base in reversed(cls.__mro__): reactives.update( { name: reactive for name, reactive in base.__dict__.items() if isinstance(reactive, Reactive) } )" in flat
    assert 'for name in dir(cls) if name.startswith(("_compute_", "compute_"))' in flat and 'name.lstrip("_")[8:]' in flat
    assert "cls._merged_bindings = cls._merge_bindings()" in flat and "super().__init_subclass__()" in flat
    merge = " ".join(inspect.getsource(DOMNode._merge_bindings.__func__).split())
    assert "if not base._inherit_bindings: bindings.clear()" in merge and 'BindingsMap( base.__dict__.get("BINDINGS", []), )' in merge
    assert "keys[key] = key_bindings" in merge and "BindingsMap.from_keys(keys)" in merge


def test_what_regex_cache_does_as_re_compiler_does():
    """tui/regex_cache.py compiles a new pattern as ``re._compiler.compile`` does (parse, the
    engine's code, the group maps) and hands ``_sre.compile`` the same arguments."""
    from re import _compiler

    from tui import regex_cache

    original = _compiler.compile if _compiler.compile is not regex_cache._compile else regex_cache._state["original"]
    flat = " ".join(inspect.getsource(original).split())
    for part in ("p = _parser.parse(p, flags)", "code = _code(p, flags)", "groupindex = p.state.groupdict",
                 "indexgroup = [None] * p.state.groups", "indexgroup[i] = k",
                 "return _sre.compile( pattern, flags | p.state.flags, code, p.state.groups-1, groupindex, tuple(indexgroup) )"):
        assert part in flat, part
    assert "def _compile(pattern, flags):" in inspect.getsource(sys.modules["re"]._compile)
    assert "_compiler.compile(pattern, flags)" in inspect.getsource(sys.modules["re"]._compile)


def test_what_the_app_skips_of_a_resize_to_its_own_size():
    """tui/app.py (DockyardApp.on_resize): App._on_resize keeps every Resize in
    ``_resize_event`` (handed to the screen at the next idle), also one of the size ``_size``
    already holds; ``prevent_default`` in the subclass's handler keeps the base's from running."""
    from textual.app import App

    flat = " ".join(inspect.getsource(App._on_resize).split())
    assert "self._resize_event = event if self._size is None:" in flat
    assert "if self._size == event.size: return" in flat
    assert "self._resize_event" in inspect.getsource(App._on_idle) and "self._check_resize()" in inspect.getsource(App._on_idle)
    from textual.message_pump import MessagePump

    assert "if message._no_default_action: break" in " ".join(inspect.getsource(MessagePump._get_dispatch_methods).split())
