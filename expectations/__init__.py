"""Great Expectations suites, one per table, and the table schemas they check."""
