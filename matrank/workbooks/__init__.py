"""Expert-panel workbooks: templates an expert fills in, and their collection.

* :mod:`~matrank.workbooks.layout` — where every cell sits (one description
  shared by the writer and the reader, so a template's ``_meta`` sheet is exactly
  what collection expects);
* :mod:`~matrank.workbooks.template` — writes the workbooks (``matrank panel template``);
* :mod:`~matrank.workbooks.collect` — reads them back as untrusted input;
* :mod:`~matrank.workbooks.panel` — per-expert AHP, accounting and aggregation (no I/O);
* :mod:`~matrank.workbooks.report` — the JSON payload, the text table, the weights file;
* :mod:`~matrank.workbooks.results` — the ``results.xlsx`` report with its chart.
"""
