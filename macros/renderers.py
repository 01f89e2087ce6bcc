"""The macros contributors may call, by name: one registry for the site (define_env) and the PDFs."""

from . import reader, render
from .jinja_guard import SIGNATURES

RENDERERS = {name: getattr(render, name, None) or getattr(reader, name) for name in SIGNATURES}
