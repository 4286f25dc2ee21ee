"""The engine: the only code that talks to the Docker daemon.

Nothing here imports Textual; a test proves it. Pumps report through an
``emit(change)`` callable and stop when their ``threading.Event`` is set.
"""
