"""The plan lifecycle (PlanFlow: the seed's activities a–l) and its domain."""
