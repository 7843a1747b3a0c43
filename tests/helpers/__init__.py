"""What tests share beyond fixtures (those stay in conftest.py): the test data and app config
(data), requests as a browser sends them (web), a student's history built through the services
(history), authoring edits and dumps (authoring), questions from YAML snippets (items) and a
live server for the browser and crash tests (live_server)."""
