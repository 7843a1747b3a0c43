"""Canvas QTI 1.2 in (placeholder until the reader lands in this branch)."""
