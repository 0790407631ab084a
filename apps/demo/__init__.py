"""Demo data: ``manage.py seed_demo`` and the demo rows of each feature app.

The top layer: it may import every app, and no app imports it (.importlinter). Each
module here seeds one app's rows through that app's services, the way a user would:
``agency`` (the agencies and the tree), ``people`` (a login per role, ``DEMO_PASSWORD``),
``cycles`` and one module per feature app; ``seed`` runs them in order for the command.
"""
