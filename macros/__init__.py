"""The handbook's generator, read top-down:

- `content/`: contributor files -> the content model (never imports a site builder);
- `checks/`: every rule on the model, and the output policy judged on what is published;
- `outputs/`: the site's HTML pieces, print HTML for the PDFs, Word and Markdown copies, open data,
  search tuning and navigation, all from the model;
- `site_hooks.py`: the mkdocs-macros adapter that wires them into pages.

mkdocs-macros loads this package and looks up the functions below. They import the adapter only when
the builder calls them, so `import macros.content` (or any output) never loads MkDocs.
"""


def define_env(env):
    from macros.site_hooks import define_env as define
    return define(env)


def on_pre_page_macros(env):
    from macros.site_hooks import on_pre_page_macros as hook
    return hook(env)


def on_post_page_macros(env):
    from macros.site_hooks import on_post_page_macros as hook
    return hook(env)


def on_post_build(env):
    from macros.site_hooks import on_post_build as hook
    return hook(env)
