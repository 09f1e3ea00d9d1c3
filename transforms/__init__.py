"""Pure transforms: text and a reference date in, typed mentions out."""
