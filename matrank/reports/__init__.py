"""Writers: tables, JSON, CSV, Markdown, XLSX reports and charts. No method code here."""
