"""LTI 1.3 Advantage on the database (docs/lti.md); the protocol itself is quizapp.lti.

platforms   registering LMSs (quiz lti add-platform / list / remove)
keys        the tool's signing keys (rotate, JWKS)
registry    the adapter's view of platforms, keys and nonces; nonces: one use each
launch      accepting a launch: account (people), course cohort (courses), link (links)
catalog     what a link opens (lesson:/quiz: targets); deep_linking: picking them
grades      the grade sent for a quiz (score_to_send) and a quiz's maximum
outbox      grades to send, recorded with the change; sender: draining it, exactly once
roster      roster sync (NRPS); status: what an instructor sees of it all
"""
