"""Contributor files -> the content model: reading files safely, front matter, fields, macro calls,
Markdown structure. Nothing here imports a site builder or renders output."""
