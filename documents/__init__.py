"""Official documents: template registry, sandboxed rendering, PDF rendition,
PAdES signatures and public verification."""
