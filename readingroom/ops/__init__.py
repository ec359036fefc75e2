"""Running Reading Room in production: health checks, request logs, metrics, the database
router for read replicas, `readingroom serve` (gunicorn) and a `db_worker` that outlives a
database restart. See docs/operations.md."""
