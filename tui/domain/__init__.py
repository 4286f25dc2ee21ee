"""Pure domain logic: no Textual, no docker; stdlib (and rich.text in ansi)."""
