"""CLI commands, one module per family; each a thin shell over the library."""
