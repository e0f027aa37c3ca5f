"""A whole plan driven through PlanFlow as the demo users (``manage.py simulate_plan``)."""
