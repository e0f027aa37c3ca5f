"""Who takes part: entities, their offices, people and their roles."""
