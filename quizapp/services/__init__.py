"""The services layer: the only code that writes, plus read models for the pages."""
