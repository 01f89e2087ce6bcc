"""Every rule: on the model (`rules`, `prose`) and on the published output (`output_policy`,
`published_output`). What the validator checks has one answer: `rules.RULES`, plus the schema fields."""
