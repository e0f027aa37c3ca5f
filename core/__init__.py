"""Cross-cutting pieces: background jobs, worker heartbeat, health check."""
