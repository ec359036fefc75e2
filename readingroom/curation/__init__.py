"""The back office: editing, revisions, workflow, imports, OCR, export and background jobs."""
