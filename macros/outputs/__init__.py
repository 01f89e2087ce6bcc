"""Everything readers get, each made from the model: site HTML pieces and the macros contributors call,
print HTML for the PDFs, Word and Markdown copies, open data, search tuning and navigation."""
