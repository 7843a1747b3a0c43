"""One question as a page shows it: the read models the widget templates render (views.py),
built from a question version and an answer (build.py), with options in the order the
attempt's seed gives (order.py). Pure: no database."""
