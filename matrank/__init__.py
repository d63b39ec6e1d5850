"""matrank: prioritise key strategic materials for domestic substitution.

The Python API a notebook user calls directly lives in :mod:`matrank.api`;
the ``matrank`` command is a thin shell over it (:mod:`matrank.cli`).
"""

__version__ = "0.1.0"
