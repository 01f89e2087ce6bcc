"""The macros contributors may call, by name: one registry for the site (define_env) and the PDFs."""

from macros.outputs import reader_aids
from macros.outputs import site_html
from macros.content.macro_calls import SIGNATURES

RENDERERS = {name: getattr(site_html, name, None) or getattr(reader_aids, name) for name in SIGNATURES}
